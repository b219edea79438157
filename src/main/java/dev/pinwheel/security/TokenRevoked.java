package dev.pinwheel.security;

import dev.pinwheel.core.AuditableEvent;
import java.util.Map;

/** An API token was revoked; it can no longer authenticate. */
public record TokenRevoked(long id, String name, Role role) implements AuditableEvent {

    @Override
    public String action() {
        return "token.revoked";
    }

    @Override
    public String target() {
        return "token:" + name;
    }

    @Override
    public Map<String, Object> summary() {
        return Map.of("id", id, "role", role.wireName());
    }
}
