package dev.pinwheel.pins;

import java.util.LinkedHashMap;
import java.util.Map;

/** An app's settings changed; {@code changes} maps each changed field to {@code {from, to}}. */
public record AppUpdated(String appId, Map<String, Object> changes) implements AppEvent {

    @Override
    public String action() {
        return "app.updated";
    }

    @Override
    public Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("changes", changes);
        return m;
    }
}
