package dev.pinwheel.pins;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.pinwheel.core.AuditableEvent;

/** An app's settings changed; {@code changes} maps each changed field to {@code {from, to}}. */
public record AppUpdated(String appId, Map<String, Object> changes) implements AuditableEvent {

    @Override
    public String action() {
        return "app.updated";
    }

    @Override
    public String target() {
        return "app:" + appId;
    }

    @Override
    public Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("changes", changes);
        return m;
    }
}
