package dev.pinwheel.pins;

import java.util.LinkedHashMap;
import java.util.Map;

/** A domain was deleted with its pin set history. */
public record DomainDeleted(String host, int lastVersion) implements DomainEvent {

    @Override
    public String action() {
        return "domain.deleted";
    }

    @Override
    public Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lastVersion", lastVersion);
        return m;
    }
}
