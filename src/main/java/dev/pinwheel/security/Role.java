package dev.pinwheel.security;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * Roles of API tokens, ordered: each role may do everything the roles before it may.
 * Controllers guard with {@code @PreAuthorize("hasRole('PUBLISHER')")} and the like.
 */
public enum Role {
    VIEWER,
    EDITOR,
    PUBLISHER,
    ADMIN;

    /** The lower-case name used in JSON and the database. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role fromWireName(String value) {
        return Arrays.stream(values())
                .filter(r -> r.wireName().equals(value))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown role " + value));
    }

    /** Whether this role may do what {@code needed} may (the roles are ordered). */
    public boolean includes(Role needed) {
        return compareTo(needed) >= 0;
    }

    /** This role's authority and those of every lower role. */
    public List<GrantedAuthority> authorities() {
        return Arrays.stream(values())
                .filter(this::includes)
                .map(r -> (GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + r.name()))
                .toList();
    }
}
