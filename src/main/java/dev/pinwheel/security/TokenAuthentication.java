package dev.pinwheel.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The one place that turns a presented token secret into a usable token: for bearer requests to the
 * admin API and for the console's sign-in form alike.
 *
 * <p><strong>Warning:</strong> the secret is compared by looking up its SHA-256, never by a string
 * comparison, so timing reveals nothing about stored secrets. Failures are throttled per client
 * ({@link FailedTokenThrottle}, one budget for the API and the console together): a guessing client
 * is told to wait before any lookup. Never log the secret.
 */
@Component
public class TokenAuthentication {

    /** Longest secret looked up; real secrets are 46 characters. */
    static final int MAX_SECRET_LENGTH = 512;

    private final ApiTokenRepository tokens;
    private final FailedTokenThrottle throttle;
    private final Clock clock;

    TokenAuthentication(ApiTokenRepository tokens, SecurityProperties properties, Clock clock) {
        this.tokens = tokens;
        this.throttle = new FailedTokenThrottle(properties.failedTokens());
        this.clock = clock;
    }

    /** What a presented secret amounts to. */
    public sealed interface Outcome permits Authenticated, Refused, Throttled {}

    /** A token that exists, is not revoked and has not expired. */
    public record Authenticated(ApiToken token) implements Outcome {}

    /** Blank, too long, unknown, revoked or expired: counted against the client. */
    public record Refused() implements Outcome {}

    /** Too many failures from this client: nothing was looked up; retry after the given time. */
    public record Throttled(Duration retryAfter) implements Outcome {}

    /**
     * Authenticates a secret presented by a client.
     *
     * @param secret the secret as presented (surrounding white space is ignored); may be null
     * @param client the client's key ({@code ClientAddresses.key}), which failures are counted against
     */
    public Outcome authenticate(String secret, String client) {
        Optional<Duration> wait = throttle.waitFor(client, System.nanoTime());
        if (wait.isPresent()) {
            return new Throttled(wait.get());
        }
        String s = secret == null ? "" : secret.strip();
        Instant now = clock.instant();
        Optional<ApiToken> token = s.isEmpty() || s.length() > MAX_SECRET_LENGTH
                ? Optional.empty()
                : tokens.findByTokenHash(TokenSecrets.hash(s)).filter(t -> t.isUsableAt(now));
        if (token.isEmpty()) {
            throttle.failed(client, System.nanoTime());
            return new Refused();
        }
        return new Authenticated(token.get());
    }
}
