package dev.pinwheel.pins;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.pinwheel.core.AuditableEvent;

/** The list of domains an app carries changed. */
public record AppDomainsChanged(String appId, List<String> added, List<String> removed, List<String> hosts) implements AuditableEvent {

    @Override
    public String action() {
        return "app.domains-changed";
    }

    @Override
    public String target() {
        return "app:" + appId;
    }

    @Override
    public Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("added", added);
        m.put("removed", removed);
        m.put("hosts", hosts);
        return m;
    }
}
