package dev.pinwheel.pins.rotation;

import java.util.Locale;

/**
 * What the autopilot of a rotation did last ({@code lastAction} in the rotation view):
 * {@code published} (bundles for the apps carrying the domain), {@code promoted}, {@code finished},
 * {@code done} (the finish is published; nothing left), and the operator's {@code paused},
 * {@code resumed}, {@code aborted}.
 */
public enum AutopilotAction {
    PUBLISHED,
    PROMOTED,
    FINISHED,
    DONE,
    PAUSED,
    RESUMED,
    ABORTED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
