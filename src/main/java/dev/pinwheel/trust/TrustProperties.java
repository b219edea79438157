package dev.pinwheel.trust;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Root-of-trust settings.
 *
 * @param onlineRoot          the service holds a root key itself (under the master key) and signs key sets
 *                            on its own. Quick start only: the prod profile turns it off and refuses it
 *                            unless {@code allowOnlineRoot} is true
 * @param allowOnlineRoot     the explicit production opt-in for {@code onlineRoot}
 * @param rootLifetime        {@code exp - iat} of a root version the online root signs
 * @param keySetLifetime      {@code exp - iat} of a proposed (or online-signed) key set
 * @param expiryWarning       how long before a root or key set expires the health indicator warns
 * @param maxAge              HTTP cache lifetime of the public trust documents
 * @param refreshInterval     how often the in-memory trust documents are reloaded, so that an upload on
 *                            another replica is served here within this time
 * @param maintenanceInterval how often the online root re-signs a key set whose keys changed or that is
 *                            past half its lifetime
 */
@Validated
@ConfigurationProperties("pinwheel.trust")
public record TrustProperties(
        @DefaultValue("true") boolean onlineRoot,
        @DefaultValue("false") boolean allowOnlineRoot,
        @DefaultValue("365d") @NotNull Duration rootLifetime,
        @DefaultValue("30d") @NotNull Duration keySetLifetime,
        @DefaultValue("14d") @NotNull Duration expiryWarning,
        @DefaultValue("5m") @NotNull Duration maxAge,
        @DefaultValue("30s") @NotNull Duration refreshInterval,
        @DefaultValue("1h") @NotNull Duration maintenanceInterval) {}
