package dev.pinwheel.pins;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Pin settings ({@code pinwheel.pins.*}).
 *
 * @param metricsRefreshInterval how often {@code pinwheel_certificate_expires_in_days} is re-read from the
 *                               database (default 5 min)
 */
@Validated
@ConfigurationProperties("pinwheel.pins")
public record PinsProperties(@DefaultValue("5m") @NotNull Duration metricsRefreshInterval) {}
