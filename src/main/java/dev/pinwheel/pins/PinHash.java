package dev.pinwheel.pins;

import dev.pinwheel.core.pem.Pem;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A pin: the SHA-256 of a DER-encoded SubjectPublicKeyInfo, in the RFC 7469 / OkHttp form
 * {@code sha256/<base64>}. Always exactly 32 bytes; {@link #base64()} is the canonical standard
 * base64 (with padding) of those bytes.
 *
 * <p>Warning: a pin says nothing about whether a key is trustworthy; it only names a key. Pin
 * keys you control (and a backup you hold offline), never a key you merely observed.
 */
public record PinHash(String base64) {

    /** The only supported prefix. */
    public static final String PREFIX = "sha256/";

    private static final Pattern OTHER_PREFIX = Pattern.compile("(?i)^([a-z][a-z0-9-]*)/.*");
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]*={0,2}");

    public PinHash {
        Objects.requireNonNull(base64, "base64");
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not valid base64");
        }
        if (raw.length != 32 || !Base64.getEncoder().encodeToString(raw).equals(base64)) {
            throw new IllegalArgumentException("is not the canonical base64 of 32 bytes");
        }
    }

    /**
     * Parses {@code sha256/<base64>} or bare base64 of exactly 32 bytes.
     *
     * @throws IllegalArgumentException with a message saying what is wrong (prefix, base64, length)
     */
    public static PinHash parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("must not be empty");
        }
        String b64 = text;
        if (text.startsWith(PREFIX)) {
            b64 = text.substring(PREFIX.length());
        } else if (text.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            throw new IllegalArgumentException("must start with 'sha256/' in lower case");
        } else if (!isBase64Of32Bytes(text)) {
            var m = OTHER_PREFIX.matcher(text);
            if (m.matches() && looksLikeAlgorithm(m.group(1))) {
                throw new IllegalArgumentException("uses unsupported hash '" + m.group(1)
                        + "/'; only 'sha256/' pins (or bare base64 of a SHA-256) are accepted");
            }
        }
        if (b64.isEmpty()) {
            throw new IllegalArgumentException("has no base64 after 'sha256/'");
        }
        if (!BASE64.matcher(b64).matches()) {
            throw new IllegalArgumentException(
                    "is not valid base64: only A-Z, a-z, 0-9, '+', '/' and trailing '=' padding are allowed");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not valid base64 (wrong length or padding)");
        }
        if (raw.length != 32) {
            throw new IllegalArgumentException(
                    "decodes to " + raw.length + " bytes; a SHA-256 pin is exactly 32 bytes (44 base64 characters)");
        }
        String canonical = Base64.getEncoder().encodeToString(raw);
        if (!canonical.equals(b64) && !canonical.equals(b64 + "=")) {
            throw new IllegalArgumentException("is not canonical base64 (did you mean " + canonical + "?)");
        }
        return new PinHash(canonical);
    }

    /** The pin of the given SHA-256 digest. */
    public static PinHash ofDigest(byte[] sha256) {
        if (sha256 == null || sha256.length != 32) {
            throw new IllegalArgumentException("a SHA-256 digest is 32 bytes");
        }
        return new PinHash(Base64.getEncoder().encodeToString(sha256));
    }

    /**
     * The pin of a certificate: SHA-256 over the SubjectPublicKeyInfo bytes exactly as the
     * certificate carries them (what {@code openssl x509 -pubkey | openssl pkey -pubin -outform der}
     * hashes), never over the JDK's re-encoding of the parsed key.
     */
    public static PinHash of(X509Certificate certificate) {
        return ofSubjectPublicKeyInfo(Pem.subjectPublicKeyInfo(certificate));
    }

    /** The pin of a DER-encoded SubjectPublicKeyInfo. */
    public static PinHash ofSubjectPublicKeyInfo(byte[] derSpki) {
        try {
            return ofDigest(MessageDigest.getInstance("SHA-256").digest(derSpki));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static boolean isBase64Of32Bytes(String text) {
        if (!BASE64.matcher(text).matches()) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(text).length == 32;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean looksLikeAlgorithm(String prefix) {
        String p = prefix.toLowerCase(Locale.ROOT);
        return p.startsWith("sha")
                || p.startsWith("md")
                || p.startsWith("blake")
                || p.startsWith("pin")
                || p.startsWith("spki");
    }

    /** {@code sha256/<base64>}. */
    public String value() {
        return PREFIX + base64;
    }

    @Override
    public String toString() {
        return value();
    }
}
