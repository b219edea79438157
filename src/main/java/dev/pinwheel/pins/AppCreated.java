package dev.pinwheel.pins;

import java.util.LinkedHashMap;
import java.util.Map;

/** An app was created. */
public record AppCreated(
        String appId,
        String displayName,
        Long pollIntervalSeconds,
        Long bundleLifetimeSeconds,
        int promoteAdoptionPercent)
        implements AppEvent {

    @Override
    public String action() {
        return "app.created";
    }

    @Override
    public Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("displayName", displayName);
        m.put("pollIntervalSeconds", pollIntervalSeconds);
        m.put("bundleLifetimeSeconds", bundleLifetimeSeconds);
        m.put("promoteAdoptionPercent", promoteAdoptionPercent);
        return m;
    }
}
