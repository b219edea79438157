package dev.pinwheel.client;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.Base64;

/** SPKI pin helpers: {@code base64(SHA-256(DER SubjectPublicKeyInfo))}, the RFC 7469 / OkHttp form. */
public final class Pins {

    private Pins() {}

    /** The pin of {@code certificate}'s public key, base64 with padding and without the {@code sha256/} prefix. */
    public static String of(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(certificate.getPublicKey().getEncoded());
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Canonical base64 of a pin; refuses anything that is not base64 of exactly 32 bytes. */
    static String canonical(String pin) {
        String value = pin.startsWith("sha256/") ? pin.substring("sha256/".length()) : pin;
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("pin is not base64");
        }
        if (bytes.length != 32) {
            throw new IllegalArgumentException("pin is not 32 bytes");
        }
        return Base64.getEncoder().encodeToString(bytes);
    }
}
