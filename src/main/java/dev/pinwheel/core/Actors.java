package dev.pinwheel.core;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** Who is acting: the authenticated token's name, or {@link #SYSTEM} for scheduled work. */
public final class Actors {

    /** Actor name of work the service does on its own (re-signing, bootstrap). */
    public static final String SYSTEM = "system";

    private Actors() {
    }

    /**
     * Whether the caller holds the role (or a higher one: authorities are cumulative). Work the
     * service does on its own, with no authenticated caller, may do everything.
     *
     * @param role a role name as in {@code hasRole('PUBLISHER')}
     */
    public static boolean currentHasRole(String role) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !auth.isAuthenticated() || "anonymousUser".equals(auth.getName())) {
            return auth == null;
        }
        return auth.getAuthorities().stream().anyMatch(a -> ("ROLE_" + role).equals(a.getAuthority()));
    }

    public static String current() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !auth.isAuthenticated() || auth.getName() == null
                || "anonymousUser".equals(auth.getName())) {
            return SYSTEM;
        }
        return auth.getName();
    }
}
