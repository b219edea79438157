package dev.pinwheel.trust;

import dev.pinwheel.core.AuditableEvent;
import java.util.List;
import java.util.Map;

/** A root version was verified and stored ({@code online}: signed by the service's own online root). */
public record RootVersionAdded(int version, int threshold, List<String> kids, boolean online)
        implements AuditableEvent {

    @Override
    public String action() {
        return "trust.root-added";
    }

    @Override
    public String target() {
        return "root:" + version;
    }

    @Override
    public Map<String, Object> summary() {
        return Map.of("version", version, "threshold", threshold, "kids", kids, "online", online);
    }
}
