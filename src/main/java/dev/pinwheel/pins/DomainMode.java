package dev.pinwheel.pins;

import dev.pinwheel.core.Violations;
import java.util.Locale;

/** {@code enforce}: clients refuse unpinned keys; {@code report}: clients only report them. */
public enum DomainMode {
    ENFORCE,
    REPORT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The mode named exactly by its wire name.
     *
     * @throws IllegalArgumentException {@code must be enforce or report}
     */
    public static DomainMode fromWire(String wire) {
        return Violations.wireValue(DomainMode.class, wire);
    }
}
