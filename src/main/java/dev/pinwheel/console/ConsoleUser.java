package dev.pinwheel.console;

import dev.pinwheel.security.Role;
import java.time.Instant;

/**
 * Who is signed in to the console on this request: the token's name and role and when the session
 * ends at the latest. Never carries the token secret or the session id.
 */
public record ConsoleUser(String tokenName, Role role, Instant sessionEndsAt) {

    /** Request attribute under which the console's filter leaves the signed-in user. */
    public static final String ATTRIBUTE = ConsoleUser.class.getName();

    public boolean may(Role needed) {
        return role.includes(needed);
    }
}
