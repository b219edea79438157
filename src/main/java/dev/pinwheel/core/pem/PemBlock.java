package dev.pinwheel.core.pem;

/**
 * One decoded PEM block.
 *
 * @param index 1-based position of the block in the text
 * @param label the text between {@code -----BEGIN } and {@code -----}, e.g. {@code CERTIFICATE}
 * @param der   the decoded base64 body; never empty
 */
public record PemBlock(int index, String label, byte[] der) {}
