package dev.pinwheel.pins.discovery;

import java.util.Map;

import dev.pinwheel.core.AuditableEvent;

/** A domain's live-check setting was changed. */
public record LiveCheckConfigured(String host, boolean enabled, int port) implements AuditableEvent {

    @Override
    public String action() {
        return "live-check.configured";
    }

    @Override
    public String target() {
        return "domain:" + host;
    }

    @Override
    public Map<String, Object> summary() {
        return Map.of("enabled", enabled, "port", port);
    }
}
