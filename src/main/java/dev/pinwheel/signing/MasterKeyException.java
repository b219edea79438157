package dev.pinwheel.signing;

/**
 * The master key is missing, malformed, or does not decrypt the stored signing keys. The
 * service refuses to start; the message says which, in one line, and never contains key material.
 */
public class MasterKeyException extends RuntimeException {

    private final String action;

    MasterKeyException(String message, String action) {
        super(message, null, false, false);
        this.action = action;
    }

    /** What the operator should do about it. */
    public String action() {
        return action;
    }
}
