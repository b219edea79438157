package dev.pinwheel.core;

import java.util.List;
import java.util.function.Supplier;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

/** Who is acting: the authenticated token's name, or {@link #SYSTEM} for scheduled work. */
public final class Actors {

    /** Actor name of work the service does on its own (re-signing, bootstrap). */
    public static final String SYSTEM = "system";

    /** Actor name of the steps a rotation's autopilot takes. */
    public static final String AUTOPILOT = "autopilot";

    private Actors() {
    }

    public static String current() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !auth.isAuthenticated() || auth.getName() == null
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
