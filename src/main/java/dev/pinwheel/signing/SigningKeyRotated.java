package dev.pinwheel.signing;

import dev.pinwheel.core.AuditableEvent;
import java.util.Map;

/** The signing key was rotated: {@code retiredKid} retired, {@code activeKid} signs now, {@code nextKid} is new. */
public record SigningKeyRotated(String retiredKid, String activeKid, String nextKid) implements AuditableEvent {

    @Override
    public String action() {
        return "signing-key.rotated";
    }

    @Override
    public String target() {
        return "signing-key:" + activeKid;
    }

    @Override
    public Map<String, Object> summary() {
        return Map.of("retiredKid", retiredKid, "activeKid", activeKid, "nextKid", nextKid);
    }
}
