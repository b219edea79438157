package dev.pinwheel.bundles;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Bundle settings. Poll interval and lifetime can be overridden per app (through the app API).
 *
 * @param issuer              the service's public base URL: {@code iss} of every bundle, base of {@code reportUri};
 *                            may be null: then {@code http://localhost:<the port served>} ({@link BundleIssuer})
 * @param lifetime            {@code exp - iat} of a bundle
 * @param pollInterval        how often clients poll ({@code pollIntervalSeconds}, and the HTTP cache lifetime)
 * @param maxStaleness        how long a client keeps enforcing an expired bundle when it cannot fetch a new one
 * @param resignThreshold     age after which the newest bundle of an app is re-signed; null means half the
 *                            app's lifetime (never more than the lifetime)
 * @param resignEnabled       whether the re-sign job runs on a schedule
 * @param resignCheckInterval how often the re-sign job looks for due bundles
 * @param metricsRefreshInterval how often {@code pinwheel_bundle_expires_in_seconds} is re-read from the database
 */
@Validated
@ConfigurationProperties("pinwheel.bundles")
public record BundleProperties(
        URI issuer,
        @DefaultValue("14d") @NotNull Duration lifetime,
        @DefaultValue("1h") @NotNull Duration pollInterval,
        @DefaultValue("30d") @NotNull Duration maxStaleness,
        Duration resignThreshold,
        @DefaultValue("true") boolean resignEnabled,
        @DefaultValue("1m") @NotNull Duration resignCheckInterval,
        @DefaultValue("30s") @NotNull Duration metricsRefreshInterval) {

    /** The re-sign threshold for a bundle of the given lifetime. */
    public Duration resignThresholdFor(Duration lifetime) {
        if (resignThreshold == null) {
            return lifetime.dividedBy(2);
        }
        return resignThreshold.compareTo(lifetime) > 0 ? lifetime : resignThreshold;
    }
}
