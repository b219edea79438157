package dev.pinwheel.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Security settings. The bootstrap token secret itself is read from the
 * {@code PINWHEEL_BOOTSTRAP_TOKEN} environment variable, never from configuration files.
 *
 * @param generateBootstrapToken generate and print an admin token on first start when none exists
 *                               (quick start only; the prod profile turns it off)
 */
@Validated
@ConfigurationProperties("pinwheel.security")
public record SecurityProperties(@DefaultValue("true") boolean generateBootstrapToken) {
}
