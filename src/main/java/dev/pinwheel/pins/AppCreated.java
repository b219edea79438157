package dev.pinwheel.pins;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.pinwheel.core.AuditableEvent;

/** An app was created. */
public record AppCreated(String appId, String displayName, Long pollIntervalSeconds, Long bundleLifetimeSeconds) implements AuditableEvent {

    @Override
    public String action() {
        return "app.created";
    }

    @Override
    public String target() {
        return "app:" + appId;
    }

    @Override
    public Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("displayName", displayName);
        m.put("pollIntervalSeconds", pollIntervalSeconds);
        m.put("bundleLifetimeSeconds", bundleLifetimeSeconds);
        return m;
    }
}
