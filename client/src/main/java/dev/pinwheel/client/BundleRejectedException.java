package dev.pinwheel.client;

/**
 * A bundle, or the key set or root version it needed, was refused; the client keeps the root,
 * key set and bundle it held before. The message says why and
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
        /** The bundle's {@code iss} is not the issuer of the key set that lists its key. */
        WRONG_ISSUER,
        /** The bundle's {@code seq} is lower than the held bundle's (rollback). */
        ROLLBACK,
        /** The bundle's {@code exp} has passed (a frozen, replayed bundle). */
        EXPIRED,
        /** The bundle was issued before the last accepted one ({@code iat} went back, e.g. a clock set back). */
        ISSUED_BEFORE_LAST_ACCEPTED,
        /**
         * The key set needed to verify the bundle is not signed by a threshold of the held root's
         * keys (a key that is not a root key, too few signatures, a forged signature), is malformed,
         * names another root version or issuer.
         */
        KEY_SET_UNTRUSTED,
        /** The key set's version is lower than the held one's, differs at the same version, or was issued earlier. */
        KEY_SET_ROLLBACK,
        /** The key set (or the newest root it is signed under) has expired: a frozen, replayed key set. */
        KEY_SET_EXPIRED,
        /**
         * A new root version is refused: a gap in the chain, not signed by a threshold of the
         * previous version's keys and of its own, a forged signature, another issuer, malformed.
         */
        ROOT_REJECTED,
        /** A root version lower than the held one, or a key set signed under an older root version. */
        ROOT_ROLLBACK,
        /** The key set or a root version could not be fetched (network, HTTP status, rate limit). */
        TRUST_UNAVAILABLE
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
