package dev.pinwheel.pins;

import java.util.Locale;

/** {@code enforce}: clients refuse unpinned keys; {@code report}: clients only report them. */
public enum DomainMode {
    ENFORCE, REPORT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
