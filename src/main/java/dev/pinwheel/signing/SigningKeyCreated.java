package dev.pinwheel.signing;

import dev.pinwheel.core.AuditableEvent;
import java.util.Map;

/** A new signing key was generated (as {@code next}, or directly activated on first start). */
public record SigningKeyCreated(String kid, SigningKeyState state) implements AuditableEvent {

    @Override
    public String action() {
        return "signing-key.created";
    }

    @Override
    public String target() {
        return "signing-key:" + kid;
    }

    @Override
    public Map<String, Object> summary() {
        return Map.of("kid", kid, "state", state.wireName());
    }
}
