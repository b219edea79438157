package dev.pinwheel.pins;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.pinwheel.core.AuditableEvent;

/** A domain was created. */
public record DomainCreated(String host, boolean includeSubdomains, String mode) implements AuditableEvent {

    @Override
    public String action() {
        return "domain.created";
    }

    @Override
    public String target() {
        return "domain:" + host;
    }

    @Override
    public Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("includeSubdomains", includeSubdomains);
        m.put("mode", mode);
        return m;
    }
}
