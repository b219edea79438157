package dev.pinwheel.client;

/** How a domain's pins are applied. */
public enum PinMode {
    /** A connection whose chain matches no pin is refused (after one refresh-and-retry). */
    ENFORCE,
    /** A mismatch is reported, and the connection is allowed. */
    REPORT;

    static PinMode parse(String value) {
        return switch (value) {
            case "enforce" -> ENFORCE;
            case "report" -> REPORT;
            default -> throw new IllegalArgumentException("unknown mode " + value);
        };
    }
}
