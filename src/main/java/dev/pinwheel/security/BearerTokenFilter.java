package dev.pinwheel.security;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <token>} against the stored token hashes.
 * A missing, unknown, revoked or expired token leaves the request unauthenticated; the entry
 * point then answers 401. The secret is never logged.
 */
class BearerTokenFilter extends OncePerRequestFilter {

    private static final Duration TOUCH_EVERY = Duration.ofSeconds(30);

    private final ApiTokenRepository tokens;
    private final Clock clock;
    private final TransactionTemplate tx;

    BearerTokenFilter(ApiTokenRepository tokens, Clock clock, TransactionTemplate tx) {
        this.tokens = tokens;
        this.clock = clock;
        this.tx = tx;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/admin/") && !request.getRequestURI().startsWith("/actuator/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String secret = header.substring(7).trim();
            Instant now = clock.instant();
            Optional<ApiToken> token = secret.isEmpty() ? Optional.empty()
                    : tokens.findByTokenHash(TokenSecrets.hash(secret)).filter(t -> t.isUsableAt(now));
            token.ifPresent(t -> {
                var auth = UsernamePasswordAuthenticationToken.authenticated(t.name(), null, t.role().authorities());
                SecurityContextHolder.getContext().setAuthentication(auth);
                if (t.lastUsedAt() == null || t.lastUsedAt().isBefore(now.minus(TOUCH_EVERY))) {
                    tx.executeWithoutResult(s -> tokens.touch(t.id(), now));
                }
            });
        }
        chain.doFilter(request, response);
    }
}
