package dev.pinwheel.signing;

import java.util.Locale;

/** {@code next}: published, not yet signing; {@code active}: signs; {@code retired}: gone from the JWKS. */
public enum SigningKeyState {
    NEXT,
    ACTIVE,
    RETIRED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static SigningKeyState of(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
