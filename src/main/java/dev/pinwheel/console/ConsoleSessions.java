package dev.pinwheel.console;

import dev.pinwheel.security.ApiToken;
import dev.pinwheel.security.ApiTokenRepository;
import dev.pinwheel.security.TokenAuthentication;
import dev.pinwheel.security.TokenSecrets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Opens, resolves and closes console sessions.
 *
 * <p><strong>Warning:</strong> the session id is a bearer credential like the token it was exchanged
 * for. It has 256 random bits, lives only in an HttpOnly cookie, and only its SHA-256 is stored, so a
 * database dump opens no session. A session is valid only while its token is usable: revoking the
 * token ends every session opened with it (checked on every request, and the rows are deleted).
 * Never log the session id or the token secret.
 */
@Service
public class ConsoleSessions {

    private static final Duration TOUCH_EVERY = Duration.ofSeconds(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ConsoleSessionRepository sessions;
    private final ApiTokenRepository tokens;
    private final TokenAuthentication authentication;
    private final ConsoleProperties properties;
    private final Clock clock;

    ConsoleSessions(
            ConsoleSessionRepository sessions,
            ApiTokenRepository tokens,
            TokenAuthentication authentication,
            ConsoleProperties properties,
            Clock clock) {
        this.sessions = sessions;
        this.tokens = tokens;
        this.authentication = authentication;
        this.properties = properties;
        this.clock = clock;
    }

    /** A session just opened: the cookie value (the session id) exists only here. */
    public record Opened(String sessionId, ConsoleUser user) implements SignIn {

        @Override
        public String toString() {
            return "Opened[" + user.tokenName() + "]";
        }
    }

    /** A live session: who it is for and its CSRF token. */
    record Live(ConsoleUser user, long tokenId, String csrfToken) {}

    /** What a sign-in came to: a session, a refused token, or a client that must wait. */
    public sealed interface SignIn permits Opened, Refused, Throttled {}

    /** The token is blank, unknown, revoked or expired; nothing was stored. */
    public record Refused() implements SignIn {}

    /** Too many failed tokens from this client (API and console together); nothing was looked up. */
    public record Throttled(Duration retryAfter) implements SignIn {}

    /**
     * Exchanges a token secret presented by a client ({@code ClientAddresses.key}) for a new session.
     * The secret is checked, and failures throttled, by {@link TokenAuthentication}, as for the API.
     */
    @Transactional
    public SignIn open(String secret, String client) {
        TokenAuthentication.Outcome outcome = authentication.authenticate(secret, client);
        if (outcome instanceof TokenAuthentication.Throttled t) {
            return new Throttled(t.retryAfter());
        }
        if (!(outcome instanceof TokenAuthentication.Authenticated authenticated)) {
            return new Refused();
        }
        Instant now = clock.instant();
        ApiToken t = authenticated.token();
        sessions.deleteExpired(now, now.minus(properties.idleTimeout()));
        Instant expires = now.plus(properties.absoluteTimeout());
        if (t.expiresAt() != null && t.expiresAt().isBefore(expires)) {
            expires = t.expiresAt();
        }
        String id = randomId();
        sessions.saveAndFlush(new ConsoleSession(TokenSecrets.hash(id), t.id(), randomId(), now, expires));
        return new Opened(id, new ConsoleUser(t.name(), t.role(), expires));
    }

    /**
     * The live session with this id, or empty. A session that is expired, idle too long or whose
     * token is no longer usable is deleted (for a token that is no longer usable: all its sessions).
     */
    @Transactional
    Optional<Live> resolve(String sessionId) {
        if (sessionId == null || sessionId.isEmpty() || sessionId.length() > 100) {
            return Optional.empty();
        }
        Optional<ConsoleSession> found = sessions.findByIdHash(TokenSecrets.hash(sessionId));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ConsoleSession s = found.get();
        Instant now = clock.instant();
        Optional<ApiToken> token = tokens.findById(s.tokenId()).filter(t -> t.isUsableAt(now));
        if (token.isEmpty()) {
            sessions.deleteByToken(s.tokenId());
            return Optional.empty();
        }
        if (!s.isLiveAt(now, properties.idleTimeout())) {
            sessions.delete(s);
            return Optional.empty();
        }
        if (s.lastSeenAt().isBefore(now.minus(TOUCH_EVERY))) {
            sessions.touch(s.id(), now);
        }
        ApiToken t = token.get();
        return Optional.of(new Live(new ConsoleUser(t.name(), t.role(), s.expiresAt()), t.id(), s.csrfToken()));
    }

    /** Ends the session with this id (sign-out); an unknown id changes nothing. */
    @Transactional
    public void close(String sessionId) {
        if (sessionId == null || sessionId.isEmpty() || sessionId.length() > 100) {
            return;
        }
        sessions.findByIdHash(TokenSecrets.hash(sessionId)).ifPresent(sessions::delete);
    }

    /** How long an unused session stays open. */
    public Duration idleTimeout() {
        return properties.idleTimeout();
    }

    static String randomId() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
