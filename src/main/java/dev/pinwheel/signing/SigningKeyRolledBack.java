package dev.pinwheel.signing;

import dev.pinwheel.core.AuditableEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A rotation was rolled back by an admin: {@code reinstatedKid} signs again, {@code demotedKid} is
 * next again, {@code discardedKid} (the next key the rotation created; may be null) is gone.
 */
public record SigningKeyRolledBack(String reinstatedKid, String demotedKid, String discardedKid, String reason)
        implements AuditableEvent {

    @Override
    public String action() {
        return "signing-key.rolled-back";
    }

    @Override
    public String target() {
        return "signing-key:" + reinstatedKid;
    }

    @Override
    public Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reinstatedKid", reinstatedKid);
        m.put("demotedKid", demotedKid);
        m.put("discardedKid", discardedKid);
        m.put("reason", reason);
        return m;
    }
}
