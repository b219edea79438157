package dev.pinwheel.client;

import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * A connection was refused because its validated chain carries none of the pins of its domain's
 * bundle entry (after one refresh-and-retry). The message lists the served and the pinned keys.
 */
public final class PinMismatchException extends SSLPeerUnverifiedException {

    private final transient PinVerdict verdict;

    PinMismatchException(PinVerdict verdict) {
        super(verdict.describe());
        this.verdict = verdict;
    }

    PinVerdict verdict() {
        return verdict;
    }

    /** What failed: host, pins known and served, bundle seq. */
    public PinFailure failure() {
        return verdict.failure();
    }
}
