package dev.pinwheel.client;

/**
 * A bundle was refused; the client keeps the bundle it held before. The message says why and
 * never holds key material.
 */
public final class BundleRejectedException extends Exception {

    /** Why a bundle was refused. */
    public enum Reason {
        /** Not a compact JWS, or its header or payload could not be read (truncated, garbage, missing claims). */
        MALFORMED,
        /** The response was larger than the configured maximum bundle size. */
        TOO_LARGE,
        /** The header's {@code alg} is not ES256 ({@code none}, HS256, RS256, ...). */
        ALGORITHM_NOT_ALLOWED,
        /** The header's {@code typ} is not {@code pinwheel-bundle+jwt}. */
        WRONG_TYPE,
        /** The header's {@code kid} names no key the app ships with. */
        UNKNOWN_KEY,
        /** The signature does not verify with the named key. */
        BAD_SIGNATURE,
        /** The bundle is for another app. */
        WRONG_AUDIENCE,
        /** The bundle's {@code seq} is lower than the held bundle's (rollback). */
        ROLLBACK,
        /** The bundle's {@code exp} has passed (a frozen, replayed bundle). */
        EXPIRED,
        /** The bundle was issued before the last accepted one ({@code iat} went back, e.g. a clock set back). */
        ISSUED_BEFORE_LAST_ACCEPTED
    }

    private final Reason reason;

    public BundleRejectedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** Why the bundle was refused, never null. */
    public Reason reason() {
        return reason;
    }
}
