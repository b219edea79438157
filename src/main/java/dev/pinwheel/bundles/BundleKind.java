package dev.pinwheel.bundles;

import java.util.Locale;

/** How a bundle came to be: an operator's publish, a republish of an old bundle's content, or a scheduled re-sign. */
public enum BundleKind {
    PUBLISH,
    REPUBLISH,
    RESIGN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static BundleKind of(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
