package dev.pinwheel.alerts;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a webhook request: {@code X-Pinwheel-Signature: sha256=<hex>}, the lower-case
 * hex HMAC-SHA256, keyed with the webhook's secret, of the ASCII timestamp (the
 * {@code X-Pinwheel-Timestamp} header, Unix seconds), a full stop, and the raw body bytes.
 * Receivers recompute it, compare in constant time and refuse old timestamps (replays).
 *
 * <p><b>Warning:</b> holds no secret itself, but is handed one: never log its arguments.
 */
public final class WebhookSignature {

    public static final String SIGNATURE_HEADER = "X-Pinwheel-Signature";
    public static final String TIMESTAMP_HEADER = "X-Pinwheel-Timestamp";
    private static final String PREFIX = "sha256=";

    private WebhookSignature() {}

    /** The {@code X-Pinwheel-Signature} value for this timestamp and body. */
    public static String sign(byte[] secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(Long.toString(timestamp).getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '.');
            mac.update(body);
            return PREFIX + HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Whether {@code header} is the signature of this timestamp and body (constant-time compare). */
    public static boolean verify(byte[] secret, long timestamp, byte[] body, String header) {
        if (header == null) {
            return false;
        }
        byte[] expected = sign(secret, timestamp, body).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, header.trim().getBytes(StandardCharsets.US_ASCII));
    }
}
