package dev.pinwheel.pins.discovery;

import dev.pinwheel.pins.DomainEvent;
import java.util.Map;

/** A domain's live-check setting was changed. */
public record LiveCheckConfigured(String host, boolean enabled, int port) implements DomainEvent {

    @Override
    public String action() {
        return "live-check.configured";
    }

    @Override
    public Map<String, Object> summary() {
        return Map.of("enabled", enabled, "port", port);
    }
}
