package dev.pinwheel.pins;

import dev.pinwheel.core.Violations;
import java.util.Locale;

/** {@code primary}: a key the host serves now; {@code backup}: a key it does not serve yet. */
public enum PinRole {
    PRIMARY,
    BACKUP;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The role named exactly by its wire name.
     *
     * @throws IllegalArgumentException {@code must be primary or backup}
     */
    public static PinRole fromWire(String wire) {
        return Violations.wireValue(PinRole.class, wire);
    }
}
