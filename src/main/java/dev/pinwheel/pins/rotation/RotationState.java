package dev.pinwheel.pins.rotation;

import java.util.Locale;

/**
 * {@code staged} → {@code promoted} → {@code finished}; {@code staged} → {@code aborted}.
 * Staged and promoted rotations are open; at most one rotation per domain is open.
 */
public enum RotationState {
    STAGED,
    PROMOTED,
    FINISHED,
    ABORTED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isOpen() {
        return this == STAGED || this == PROMOTED;
    }
}
