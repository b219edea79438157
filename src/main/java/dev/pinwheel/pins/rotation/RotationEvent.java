package dev.pinwheel.pins.rotation;

import dev.pinwheel.pins.DomainEvent;
import dev.pinwheel.pins.PinHash;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A rotation step happened: {@code rotation.staged}, {@code rotation.promoted},
 * {@code rotation.finished} or {@code rotation.aborted}.
 *
 * @param pinSetVersion the pin set version the step made
 * @param newPinPreexisting whether the new key was pinned as a backup before staging (abort keeps it)
 * @param comment       may be null
 * @param forceReason   why a promote went ahead against the adoption evidence; null when not forced
 */
public record RotationEvent(
        String step,
        String host,
        long rotationId,
        PinHash oldPin,
        PinHash newPin,
        int pinSetVersion,
        boolean newPinPreexisting,
        String comment,
        String forceReason)
        implements DomainEvent {

    public RotationEvent(
            String step,
            String host,
            long rotationId,
            PinHash oldPin,
            PinHash newPin,
            int pinSetVersion,
            boolean newPinPreexisting,
            String comment) {
        this(step, host, rotationId, oldPin, newPin, pinSetVersion, newPinPreexisting, comment, null);
    }

    @Override
    public String action() {
        return "rotation." + step;
    }

    @Override
    public Map<String, Object> summary() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("rotationId", rotationId);
        s.put("oldPin", oldPin.value());
        s.put("newPin", newPin.value());
        s.put("pinSetVersion", pinSetVersion);
        if (newPinPreexisting) {
            s.put("newPinPreexisting", true);
        }
        if (comment != null) {
            s.put("comment", comment);
        }
        if (forceReason != null) {
            s.put("forced", true);
            s.put("forceReason", forceReason);
        }
        return s;
    }
}
