package dev.pinwheel.console;

import dev.pinwheel.core.Actors;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates console requests by their session cookie: a live session authenticates the request as
 * its token (same actor name and roles as a bearer request with that token, so the audit log and
 * every role check read the same). A cookie naming no live session is removed. Assets need no session.
 */
class ConsoleSessionFilter extends OncePerRequestFilter {

    static final String LIVE = ConsoleSessionFilter.class.getName() + ".live";

    private final ConsoleSessions sessions;
    private final ConsoleCookies cookies;

    ConsoleSessionFilter(ConsoleSessions sessions, ConsoleCookies cookies) {
        this.sessions = sessions;
        this.cookies = cookies;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.startsWith(ConsoleCookies.PATH + "/assets/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> id = cookies.sessionId(request);
        if (id.isPresent()) {
            Optional<ConsoleSessions.Live> live = sessions.resolve(id.get());
            if (live.isPresent()) {
                ConsoleSessions.Live l = live.get();
                request.setAttribute(LIVE, l);
                request.setAttribute(ConsoleUser.ATTRIBUTE, l.user());
                var auth = UsernamePasswordAuthenticationToken.authenticated(
                        Actors.ofToken(l.user().tokenName(), l.tokenId()),
                        null,
                        l.user().role().authorities());
                var context = SecurityContextHolder.createEmptyContext();
                context.setAuthentication(auth);
                SecurityContextHolder.setContext(context);
            } else {
                cookies.clearSession(response);
            }
        }
        chain.doFilter(request, response);
    }
}
