package dev.pinwheel.signing;

import org.springframework.stereotype.Component;

/**
 * Seals small secrets of other modules (webhook secrets) under the master key, the way signing
 * keys are sealed: AES-256-GCM with a random IV and {@code secret:<context>} as associated data,
 * so a sealed value only opens for the context it was sealed for, and never as a signing key.
 *
 * <p><b>Warning:</b> what {@link #open} returns is a secret: never log it, put it in an
 * exception message or a response.
 */
@Component
public class SecretSealer {

    private final SigningKeys keys;

    SecretSealer(SigningKeys keys) {
        this.keys = keys;
    }

    /** Seals {@code plain} for {@code context} (e.g. {@code webhook:ops-pager}); returns printable text. */
    public String seal(byte[] plain, String context) {
        return master().encrypt(plain, aad(context));
    }

    /**
     * Opens what {@link #seal} made for the same context.
     *
     * @throws IllegalStateException when it was sealed for another context or under another master key
     */
    public byte[] open(String sealed, String context) {
        try {
            return master().decrypt(sealed, aad(context));
        } catch (MasterKeyException e) {
            throw new IllegalStateException(
                    "The sealed secret for " + context + " does not open under this master key");
        }
    }

    private MasterKey master() {
        return keys.masterKey();
    }

    private static String aad(String context) {
        return "secret:" + context;
    }
}
