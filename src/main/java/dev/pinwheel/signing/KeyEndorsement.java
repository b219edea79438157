package dev.pinwheel.signing;

/**
 * Decides whether a signing key is endorsed by the trust chain (the key set clients verify against
 * their root keys). Implemented by the trust module; signing asks it before it signs a bundle and
 * before a key becomes active. Without an implementation every key may sign.
 */
public interface KeyEndorsement {

    /**
     * @throws dev.pinwheel.core.ProblemException {@code key-not-endorsed} when bundles must not be signed
     *                                            with {@code kid} (the served key set does not list it)
     */
    void requireMaySign(String kid);

    /**
     * Called inside the rotation (or rollback) transaction before {@code kid} becomes active. With an
     * online root the implementation may endorse the key itself first.
     *
     * @throws dev.pinwheel.core.ProblemException {@code key-not-endorsed}, saying what to do, when no
     *                                            served key set lists {@code kid}
     */
    void requireEndorsedBeforeActivation(String kid);
}
