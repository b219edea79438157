package dev.pinwheel.reports;

/**
 * What a report most likely means, judged against every bundle the app has published. A chain
 * "matches" a bundle when any certificate of the served chain has a pin of that bundle (pins may
 * be of the leaf or of a CA, as in OkHttp and RFC 7469). Listed from most to least alarming.
 */
public enum ReportClassification {
    /** The served chain matches no pin of any bundle of the app: someone else's key, e.g. a TLS-intercepting proxy. */
    POSSIBLE_INTERCEPTION,
    /** The served chain matches a bundle newer than the client's {@code bundle-seq} but not the client's own bundle. */
    STALE_CLIENT,
    /**
     * The served chain matches a pin of a bundle that is not newer than the client's: the client's
     * own bundle (a client-side problem) or only older bundles (a key was unpinned while still served).
     */
    PINNED_KEY_MISMATCH,
    /** Cannot tell: the app has published nothing yet, or the client sent no {@code bundle-seq}. */
    UNKNOWN
}
