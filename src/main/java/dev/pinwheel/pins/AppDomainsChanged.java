package dev.pinwheel.pins;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The list of domains an app carries changed. */
public record AppDomainsChanged(String appId, List<String> added, List<String> removed, List<String> hosts)
        implements AppEvent {

    @Override
    public String action() {
        return "app.domains-changed";
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
