package dev.pinwheel.security;

import dev.pinwheel.core.Actors;
import dev.pinwheel.core.ProblemException;
import dev.pinwheel.core.Violations;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates, lists and revokes API tokens. Secrets have 256 random bits, are returned once by
 * {@link #create} and only their SHA-256 is stored. Every change publishes an auditable event in
 * its transaction.
 */
@Service
public class TokenManagement {

    /** Token names: 1–100 characters, letters, digits, '.', '_', '-', starting with a letter or digit. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private final ApiTokenRepository tokens;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    TokenManagement(ApiTokenRepository tokens, Clock clock, ApplicationEventPublisher events) {
        this.tokens = tokens;
        this.clock = clock;
        this.events = events;
    }

    /**
     * Creates a token.
     *
     * @param role      wire name ({@code viewer}, {@code editor}, {@code publisher}, {@code admin})
     * @param expiresAt may be null (never expires); otherwise must be in the future
     * @throws ProblemException 400 with violations for bad input, 409 when the name is taken
     */
    @Transactional
    public NewToken create(String name, String role, Instant expiresAt) {
        Violations violations = new Violations();
        if (name == null || name.isBlank()) {
            violations.add("name", "is required");
        } else if (!NAME.matcher(name).matches()) {
            violations.add(
                    "name", "must be 1 to 100 letters, digits, '.', '_' or '-', " + "starting with a letter or digit");
        } else if (Actors.isReserved(name)) {
            violations.add("name", "'" + name + "' is reserved for the service's own work");
        }
        Role parsedRole = null;
        if (role == null || role.isBlank()) {
            violations.add("role", "is required");
        } else {
            try {
                parsedRole = Role.fromWireName(role);
            } catch (IllegalArgumentException e) {
                violations.add("role", "must be one of viewer, editor, publisher, admin");
            }
        }
        Instant now = clock.instant();
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            violations.add("expiresAt", "must be in the future");
        }
        violations.throwIfAny();
        if (tokens.findByName(name).isPresent()) {
            throw ProblemException.conflict("A token named '" + name + "' already exists.");
        }
        String secret = TokenSecrets.newSecret();
        ApiToken token;
        try {
            token = tokens.saveAndFlush(
                    new ApiToken(name, parsedRole, TokenSecrets.hash(secret), now, Actors.current(), expiresAt));
        } catch (DataIntegrityViolationException e) {
            throw ProblemException.conflict("A token named '" + name + "' already exists.");
        }
        events.publishEvent(new TokenCreated(token.id(), token.name(), token.role(), token.expiresAt()));
        return new NewToken(token, secret);
    }

    /** Every token, oldest first (revoked and expired ones included). */
    @Transactional(readOnly = true)
    public List<ApiToken> list() {
        return tokens.findAll(Sort.by("id"));
    }

    /**
     * Revokes a token; revoking a revoked token changes nothing and records nothing.
     *
     * @throws ProblemException 404 when there is no such token
     */
    @Transactional
    public ApiToken revoke(long id) {
        ApiToken token = tokens.findById(id)
                .orElseThrow(() -> ProblemException.notFound("There is no token with id " + id + "."));
        if (token.revokedAt() == null) {
            token.revoke(clock.instant());
            events.publishEvent(new TokenRevoked(token.id(), token.name(), token.role()));
        }
        return token;
    }
}
