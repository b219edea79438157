package dev.pinwheel.alerts;

import dev.pinwheel.core.AuditableEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/** A webhook was registered or removed: {@code webhook.created} / {@code webhook.deleted}. Never carries the secret. */
public record WebhookChanged(String change, long id, String name, String url) implements AuditableEvent {

    @Override
    public String action() {
        return "webhook." + change;
    }

    @Override
    public String target() {
        return "webhook:" + name;
    }

    @Override
    public Map<String, Object> summary() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("id", id);
        s.put("url", url);
        return s;
    }
}
