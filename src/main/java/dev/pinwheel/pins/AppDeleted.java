package dev.pinwheel.pins;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An app was deleted (with the list of domains it carried). */
public record AppDeleted(String appId, String displayName, List<String> hosts) implements AppEvent {

    @Override
    public String action() {
        return "app.deleted";
    }

    @Override
    public Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("displayName", displayName);
        m.put("hosts", hosts);
        return m;
    }
}
