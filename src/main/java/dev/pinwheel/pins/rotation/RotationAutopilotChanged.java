package dev.pinwheel.pins.rotation;

import java.util.Map;

import dev.pinwheel.pins.DomainEvent;

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
