package dev.pinwheel.security;

import dev.pinwheel.core.Actors;
import dev.pinwheel.core.web.ServerPort;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes sure an admin can get in. With {@code PINWHEEL_BOOTSTRAP_TOKEN} set, that secret is an
 * admin token named {@code bootstrap} (created when no token has that secret). Without it, and
 * only when no admin token exists yet and generation is allowed (the quick-start default), a
 * token is generated and printed once in a banner on standard output — never to the log.
 *
 * <p>The secret is read here, by its name, from the environment and never bound into
 * {@link SecurityProperties}: configuration names secrets and never holds them.
 *
 * <p>Replicas starting together on a new database may both find no token and both insert one: the
 * second insert fails on the unique name or hash, and that replica goes on with the token the other
 * one created instead of failing its start.
 */
@Component
@Order(0)
class TokenBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(TokenBootstrap.class);
    static final String ENV = "PINWHEEL_BOOTSTRAP_TOKEN";
    private static final int MIN_SECRET_LENGTH = 16;

    private final ApiTokenRepository tokens;
    private final Clock clock;
    private final Environment environment;
    private final SecurityProperties properties;
    private final ServerPort port;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;

    TokenBootstrap(
            ApiTokenRepository tokens,
            Clock clock,
            Environment environment,
            SecurityProperties properties,
            ServerPort port,
            ApplicationEventPublisher events,
            TransactionTemplate tx) {
        this.events = events;
        this.tx = tx;
        this.tokens = tokens;
        this.clock = clock;
        this.environment = environment;
        this.properties = properties;
        this.port = port;
    }

    @Override
    public void run(ApplicationArguments args) {
        String given = environment.getProperty(ENV);
        if (given != null && !given.isBlank()) {
            if (given.trim().length() < MIN_SECRET_LENGTH) {
                log.warn(
                        "{} is shorter than {} characters: use a long random secret outside tests.",
                        ENV,
                        MIN_SECRET_LENGTH);
            }
            String hash = TokenSecrets.hash(given.trim());
            try {
                tx.executeWithoutResult(s -> createFromEnvironment(hash));
            } catch (DataIntegrityViolationException e) {
                if (tokens.findByTokenHash(hash).isEmpty()) {
                    throw e;
                }
                log.info("The admin token from {} was created by another instance starting at the same time", ENV);
            }
            return;
        }
        if (tokens.existsByRole(Role.ADMIN.wireName())) {
            return;
        }
        if (!properties.generateBootstrapToken()) {
            log.warn("No admin token exists and {} is not set: the admin API cannot be used until one is given.", ENV);
            return;
        }
        String secret = TokenSecrets.newSecret();
        try {
            tx.executeWithoutResult(s -> create(TokenSecrets.hash(secret)));
        } catch (DataIntegrityViolationException e) {
            if (!tokens.existsByRole(Role.ADMIN.wireName())) {
                throw e;
            }
            log.info("An admin token was created by another instance starting at the same time");
            return;
        }
        log.warn("Generated a bootstrap admin token (printed once on standard output). Not for production.");
        System.out.println("""

                ==========================================================================
                  PINWHEEL QUICK START - NOT FOR PRODUCTION
                  Admin token (shown once, stored only as a hash):

                    %s

                  Use it as:  curl -H 'Authorization: Bearer <token>' localhost:%s/admin/v1/apps
                ==========================================================================
                """.formatted(secret, port.value()));
    }

    private void createFromEnvironment(String hash) {
        var existing = tokens.findByTokenHash(hash);
        if (existing.isPresent()) {
            if (!existing.get().isUsableAt(clock.instant())) {
                log.warn(
                        "The token given by {} ('{}') is revoked or expired and will not authenticate.",
                        ENV,
                        existing.get().name());
            }
            return;
        }
        String name = create(hash);
        log.info("Created admin token '{}' from {}", name, ENV);
    }

    /** Stores an admin token with the given secret hash, named {@code bootstrap} when that name is free. */
    private String create(String hash) {
        String name = tokens.findByName("bootstrap").isPresent() ? "bootstrap-" + clock.millis() : "bootstrap";
        ApiToken token =
                tokens.saveAndFlush(new ApiToken(name, Role.ADMIN, hash, clock.instant(), Actors.SYSTEM, null));
        events.publishEvent(new TokenCreated(token.id(), name, Role.ADMIN, null));
        return name;
    }
}
