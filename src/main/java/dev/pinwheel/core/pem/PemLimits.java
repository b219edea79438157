package dev.pinwheel.core.pem;

/**
 * Limits of the PEM reader. {@link #STANDARD} is what every endpoint uses; other values exist for
 * tests that prove the reader stays linear on larger input.
 *
 * @param maxChars        most characters of PEM text read (the whole field)
 * @param maxBlocks       most {@code -----BEGIN} blocks in one text
 * @param maxBase64Chars  most base64 characters in one block (whitespace not counted)
 */
public record PemLimits(int maxChars, int maxBlocks, int maxBase64Chars) {

    /**
     * 64 KiB of text, 10 blocks, 16 KiB of base64 per block: a ten-certificate chain of 4096-bit
     * RSA certificates fits several times over.
     */
    public static final PemLimits STANDARD = new PemLimits(64 * 1024, 10, 16 * 1024);

    public PemLimits {
        if (maxChars < 1 || maxBlocks < 1 || maxBase64Chars < 4) {
            throw new IllegalArgumentException("PEM limits must be positive");
        }
    }
}
