package dev.pinwheel.client;

/** What one poll of the bundle URL did. */
public enum RefreshResult {
    /** A newer bundle was verified, stored and is now enforced. */
    ACCEPTED,
    /** The server sent the bundle already held (same seq): nothing changed. */
    UNCHANGED,
    /** The server answered 304 to If-None-Match: nothing changed. */
    NOT_MODIFIED,
    /** The server sent a bundle that was refused; the previous one stays in force. */
    REJECTED,
    /** Fetching failed (network, HTTP status); the previous bundle stays in force. */
    FAILED;

    boolean succeeded() {
        return this == ACCEPTED || this == UNCHANGED || this == NOT_MODIFIED;
    }
}
