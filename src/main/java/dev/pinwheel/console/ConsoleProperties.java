package dev.pinwheel.console;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the operator console.
 *
 * @param idleTimeout     a session unused this long ends (default 30 min)
 * @param absoluteTimeout a session ends this long after sign-in whatever its use (default 8 h)
 * @param secureCookie    mark the session cookie {@code Secure} (default true; the quick start turns it
 *                        off because it serves plain HTTP on localhost)
 */
@Validated
@ConfigurationProperties("pinwheel.console")
public record ConsoleProperties(
        @NotNull @DefaultValue("30m") Duration idleTimeout,
        @NotNull @DefaultValue("8h") Duration absoluteTimeout,
        @DefaultValue("true") boolean secureCookie) {

    public ConsoleProperties {
        if (idleTimeout != null && (idleTimeout.isNegative() || idleTimeout.isZero())) {
            throw new IllegalArgumentException("pinwheel.console.idle-timeout must be positive");
        }
        if (absoluteTimeout != null && (absoluteTimeout.isNegative() || absoluteTimeout.isZero())) {
            throw new IllegalArgumentException("pinwheel.console.absolute-timeout must be positive");
        }
    }
}
