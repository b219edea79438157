package dev.pinwheel.pins.rotation;

import dev.pinwheel.pins.DomainEvent;
import java.util.Map;

/** An operator paused or resumed a rotation's autopilot: {@code rotation.autopilot-paused} / {@code -resumed}. */
public record RotationAutopilotChanged(String host, long rotationId, String change) implements DomainEvent {

    @Override
    public String action() {
        return "rotation.autopilot-" + change;
    }

    @Override
    public Map<String, Object> summary() {
        return Map.of("rotationId", rotationId);
    }
}
