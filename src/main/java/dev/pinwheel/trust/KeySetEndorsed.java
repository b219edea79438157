package dev.pinwheel.trust;

import dev.pinwheel.core.AuditableEvent;
import java.util.List;
import java.util.Map;

/** A key set was verified against its root and is served from now on. */
public record KeySetEndorsed(long version, int rootVersion, List<String> kids, boolean online)
        implements AuditableEvent {

    @Override
    public String action() {
        return "trust.key-set-endorsed";
    }

    @Override
    public String target() {
        return "key-set:" + version;
    }

    @Override
    public Map<String, Object> summary() {
        return Map.of("version", version, "rootVersion", rootVersion, "kids", kids, "online", online);
    }
}
