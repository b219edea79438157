package dev.pinwheel.pins;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A new pin set version of a domain was created; pins named as {@code sha256/...}. */
public record PinSetVersionCreated(
        String host,
        int version,
        int previousVersion,
        List<String> added,
        List<String> removed,
        List<String> roleChanged,
        Map<String, Long> roles,
        String comment)
        implements DomainEvent {

    @Override
    public String action() {
        return "pin-set.version-created";
    }

    @Override
    public Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", version);
        m.put("previousVersion", previousVersion);
        m.put("added", added);
        m.put("removed", removed);
        m.put("roleChanged", roleChanged);
        m.put("roles", roles);
        m.put("comment", comment);
        return m;
    }
}
