package dev.pinwheel.pins;

import java.util.LinkedHashMap;
import java.util.Map;

/** A domain's settings changed; {@code changes} maps each changed field to {@code {from, to}}. */
public record DomainUpdated(String host, Map<String, Object> changes) implements DomainEvent {

    @Override
    public String action() {
        return "domain.updated";
    }

    @Override
    public Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("changes", changes);
        return m;
    }
}
