package dev.pinwheel.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Security settings. The bootstrap token secret itself is read from the
 * {@code PINWHEEL_BOOTSTRAP_TOKEN} environment variable, never from configuration files.
 *
 * @param generateBootstrapToken generate and print an admin token on first start when none exists
 *                               (quick start only; the prod profile turns it off)
 * @param failedTokens           throttling of failed token lookups per client address
 */
@Validated
@ConfigurationProperties("pinwheel.security")
public record SecurityProperties(
        @DefaultValue("true") boolean generateBootstrapToken,
        @Valid @NotNull @DefaultValue FailedTokens failedTokens) {

    /**
     * @param limit      failed lookups a client address may make at once (default 10) ...
     * @param period     ... and again per this period (default 1 min): 10 guesses a minute
     * @param maxClients addresses tracked at most (the least recently seen are forgotten first)
     */
    public record FailedTokens(
            @Min(1) @DefaultValue("10") int limit,
            @NotNull @DefaultValue("1m") Duration period,
            @Min(1) @DefaultValue("100000") int maxClients) {}
}
