package dev.pinwheel.pins;

import java.util.Locale;

/** {@code primary}: a key the host serves now; {@code backup}: a key it does not serve yet. */
public enum PinRole {
    PRIMARY, BACKUP;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
