package dev.pinwheel.signing;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Signing settings. The master key itself never comes from here: it is read from
 * {@code PINWHEEL_MASTER_KEY} (base64 of 32 bytes) or the file named by
 * {@code PINWHEEL_MASTER_KEY_FILE}.
 *
 * @param generateMasterKey    when neither variable is given, generate a development master key into
 *                             {@code generatedMasterKeyFile} (or reuse the one there); quick start only,
 *                             the prod profile turns it off
 * @param generatedMasterKeyFile where the quick-start master key lives
 * @param jwksMaxAge           HTTP cache lifetime of {@code GET /v1/keys}
 * @param jwksRefreshInterval  how often the in-memory JWKS is reloaded from the database, so that a
 *                             rotation on another replica is served here within this time (a
 *                             rotation on this instance is served as soon as it commits)
 * @param healthCheckInterval  how long the {@code signingKeys} health result is reused: the check
 *                             decrypts the active key and signs, and {@code /actuator/health} is
 *                             public, so callers must not be able to make the service sign at will
 * @param retiredKeyGrace      how long a retired key keeps its encrypted private key, so that an admin
 *                             can roll a mistaken rotation back; dropped for good afterwards
 * @param purgeCheckInterval   how often retired keys past their grace period lose their private key
 */
@Validated
@ConfigurationProperties("pinwheel.signing")
public record SigningProperties(
        @DefaultValue("true") boolean generateMasterKey,
        @DefaultValue("./data/master.key") @NotNull Path generatedMasterKeyFile,
        @DefaultValue("5m") @NotNull Duration jwksMaxAge,
        @DefaultValue("30s") @NotNull Duration jwksRefreshInterval,
        @DefaultValue("30s") @NotNull Duration healthCheckInterval,
        @DefaultValue("7d") @NotNull Duration retiredKeyGrace,
        @DefaultValue("1h") @NotNull Duration purgeCheckInterval) {}
