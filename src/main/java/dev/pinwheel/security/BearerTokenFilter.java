package dev.pinwheel.security;

import dev.pinwheel.core.Actors;
import dev.pinwheel.core.ProblemType;
import dev.pinwheel.core.web.ClientAddresses;
import dev.pinwheel.core.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Authenticates {@code Authorization: Bearer <token>} against the stored token hashes.
 * A missing, unknown, revoked or expired token leaves the request unauthenticated; the entry
 * point then answers 401. The secret is never logged.
 *
 * <p><strong>Warning:</strong> the secret is checked by {@link TokenAuthentication}: looked up by its
 * SHA-256, never by a string comparison, and failed lookups are throttled per client
 * ({@link FailedTokenThrottle}; clients told apart by {@link ClientAddresses}: IPv6 per /64,
 * forwarded addresses only from trusted proxies): a guessing client gets 429 before any lookup. Do not log the header, and do not
 * widen the paths this filter covers to the public client endpoints (they must not touch the
 * database per request).
 */
class BearerTokenFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(BearerTokenFilter.class);
    private static final Duration TOUCH_EVERY = Duration.ofSeconds(30);

    private final ApiTokenRepository tokens;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final TokenAuthentication authentication;
    private final JsonMapper json;
    private final ClientAddresses clients;

    BearerTokenFilter(
            ApiTokenRepository tokens,
            Clock clock,
            TransactionTemplate tx,
            TokenAuthentication authentication,
            JsonMapper json,
            ClientAddresses clients) {
        this.clients = clients;
        this.tokens = tokens;
        this.clock = clock;
        this.tx = tx;
        this.authentication = authentication;
        this.json = json;
    }

    /** Only the admin API and actuator look at tokens: the public hot path never touches the database. */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !isUnder(path, "/admin") && !isUnder(path, "/actuator");
    }

    private static boolean isUnder(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/") || path.startsWith(prefix + ";");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            TokenAuthentication.Outcome outcome =
                    authentication.authenticate(header.substring(7), clients.key(request));
            if (outcome instanceof TokenAuthentication.Throttled throttled) {
                long seconds = Math.max(1, (throttled.retryAfter().toMillis() + 999) / 1000);
                response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
                Problems.write(
                        json,
                        response,
                        Problems.of(
                                ProblemType.RATE_LIMITED,
                                "Too many requests with an " + "invalid bearer token from this address; retry in "
                                        + seconds + " s.",
                                request));
                return;
            }
            Instant now = clock.instant();
            Optional<ApiToken> token =
                    outcome instanceof TokenAuthentication.Authenticated a ? Optional.of(a.token()) : Optional.empty();
            token.ifPresent(t -> {
                var auth = UsernamePasswordAuthenticationToken.authenticated(
                        Actors.ofToken(t.name(), t.id()), null, t.role().authorities());
                SecurityContextHolder.getContext().setAuthentication(auth);
                if (t.lastUsedAt() == null || t.lastUsedAt().isBefore(now.minus(TOUCH_EVERY))) {
                    try {
                        tx.executeWithoutResult(s -> tokens.touch(t.id(), now));
                    } catch (RuntimeException e) {
                        // last-used time is informational; never fail the request over it
                        log.warn(
                                "Could not record last use of token '{}': {}",
                                t.name(),
                                e.getClass().getSimpleName());
                    }
                }
            });
        }
        chain.doFilter(request, response);
    }
}
