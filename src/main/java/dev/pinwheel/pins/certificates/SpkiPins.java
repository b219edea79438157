package dev.pinwheel.pins.certificates;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;

/** The RFC 7469 pin of a key: base64 of the SHA-256 of its DER SubjectPublicKeyInfo. */
public final class SpkiPins {

    private SpkiPins() {
    }

    /** The pin of the key, without the {@code sha256/} prefix. */
    public static String of(PublicKey key) {
        return ofSpki(key.getEncoded());
    }

    /** The pin of a DER-encoded SubjectPublicKeyInfo, without the {@code sha256/} prefix. */
    public static String ofSpki(byte[] derSpki) {
        return Base64.getEncoder().encodeToString(sha256(derSpki));
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
