package dev.pinwheel.pins;

import java.util.LinkedHashMap;
import java.util.Map;

/** A domain was created. */
public record DomainCreated(String host, boolean includeSubdomains, String mode) implements DomainEvent {

    @Override
    public String action() {
        return "domain.created";
    }

    @Override
    public Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("includeSubdomains", includeSubdomains);
        m.put("mode", mode);
        return m;
    }
}
