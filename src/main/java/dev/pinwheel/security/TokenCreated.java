package dev.pinwheel.security;

import dev.pinwheel.core.AuditableEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** An API token was created. Never carries the secret or its hash. {@code expiresAt} may be null. */
public record TokenCreated(long id, String name, Role role, Instant expiresAt) implements AuditableEvent {

    @Override
    public String action() {
        return "token.created";
    }

    @Override
    public String target() {
        return "token:" + name;
    }

    @Override
    public Map<String, Object> summary() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("id", id);
        s.put("role", role.wireName());
        s.put("expiresAt", expiresAt == null ? null : expiresAt.toString());
        return s;
    }
}
