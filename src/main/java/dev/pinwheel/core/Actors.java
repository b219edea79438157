package dev.pinwheel.core;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who is acting: the authenticated token as {@code name#id}, or {@link #SYSTEM} for work the
 * service does on its own. The {@code #id} makes every token actor unambiguous: a token name can
 * never contain {@code #}, so no token reads as the system or as another token, even one revoked
 * and re-created under the same name.
 */
public final class Actors {

    /** Actor name of work the service does on its own (re-signing, bootstrap). */
    public static final String SYSTEM = "system";

    /** Actor name of the steps a rotation's autopilot takes. */
    public static final String AUTOPILOT = "autopilot";

    /**
     * Names no token may take (compared ignoring case): they name the service's own work or
     * Spring Security's anonymous caller, and would read as such in the audit log.
     */
    public static final Set<String> RESERVED = Set.of(SYSTEM, AUTOPILOT, "anonymous", "anonymoususer", "service");

    private Actors() {}

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

    /** Whether a token may not be named so ({@link #RESERVED}, ignoring case). */
    public static boolean isReserved(String name) {
        return name != null && RESERVED.contains(name.toLowerCase(Locale.ROOT));
    }

    /** The actor of a token: {@code name#id}. */
    public static String ofToken(String name, long id) {
        return name + "#" + id;
    }

    public static String current() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null
                || !auth.isAuthenticated()
                || auth.getName() == null
                || "anonymousUser".equals(auth.getName())) {
            return SYSTEM;
        }
        return auth.getName();
    }

    /**
     * Runs background work as the named actor (so the audit log names it), on this thread only;
     * the thread's previous security context is restored afterwards. The actor holds no role.
     */
    public static <T> T runAs(String actor, Supplier<T> work) {
        SecurityContext previous = SecurityContextHolder.getContext();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(actor, null, List.of()));
        SecurityContextHolder.setContext(context);
        try {
            return work.get();
        } finally {
            SecurityContextHolder.setContext(previous);
        }
    }
}
