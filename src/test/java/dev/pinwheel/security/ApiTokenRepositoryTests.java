package dev.pinwheel.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pinwheel.support.BundleFixtures;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;

/**
 * The token store alone (a JPA slice on this JVM's PostgreSQL, schema by Flyway, each test rolled
 * back): a token is found by the hash of its secret, never by the secret itself.
 */
@DataJpaTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
class ApiTokenRepositoryTests {

    @Autowired
    ApiTokenRepository tokens;

    @Test
    void findsATokenByTheHashOfItsSecretOnly() {
        String secret = TokenSecrets.newSecret();
        String name = "repo-" + BundleFixtures.suffix();
        tokens.saveAndFlush(new ApiToken(name, Role.VIEWER, TokenSecrets.hash(secret), Instant.now(), "test", null));

        assertThat(tokens.findByTokenHash(TokenSecrets.hash(secret)))
                .get()
                .extracting(ApiToken::name)
                .isEqualTo(name);
        assertThat(tokens.findByName(name)).get().extracting(ApiToken::role).isEqualTo(Role.VIEWER);
        assertThat(tokens.findByTokenHash(secret)).isEmpty();
        assertThat(tokens.findByTokenHash(TokenSecrets.hash(TokenSecrets.newSecret())))
                .isEmpty();
    }
}
