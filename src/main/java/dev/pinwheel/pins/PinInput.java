package dev.pinwheel.pins;

/**
 * One pin as a caller gives it: exactly one of {@code sha256} ({@code sha256/<base64>} or bare
 * base64) and {@code certificate} (one PEM certificate), a role ({@code primary}|{@code backup})
 * and an optional label. Fields may be null; {@link PinManagement} reports what is missing.
 */
public record PinInput(String sha256, String certificate, String role, String label) {
}
