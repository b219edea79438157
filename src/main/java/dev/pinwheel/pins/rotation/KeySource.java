package dev.pinwheel.pins.rotation;

import java.util.Locale;

/** Where a rotation's new key came from. */
public enum KeySource {
    CERTIFICATE,
    CSR,
    PIN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
