package dev.pinwheel.bundles;

import dev.pinwheel.pins.PinCatalog;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health {@code bundleFreshness}: DOWN when the newest bundle of any existing app has expired
 * (re-signing has stopped, e.g. the signing key is unusable). Apps deleted since they were
 * published do not count. Not part of the readiness group: an instance still serves the bundles
 * it has, and every replica would report the same.
 */
@Component
class BundleFreshnessHealthIndicator implements HealthIndicator {

    private final NewestBundles newest;
    private final PinCatalog catalog;
    private final Clock clock;

    BundleFreshnessHealthIndicator(NewestBundles newest, PinCatalog catalog, Clock clock) {
        this.newest = newest;
        this.catalog = catalog;
        this.clock = clock;
    }

    @Override
    public Health health() {
        try {
            return check();
        } catch (RuntimeException e) {
            // the database is away: DOWN like the db indicator, rather than failing the whole endpoint
            return Health.down()
                    .withDetail("error", e.getClass().getSimpleName())
                    .build();
        }
    }

    private Health check() {
        Instant now = clock.instant();
        // one query for the app ids, not one per app: a health probe with 10,000 apps made 10,000
        // queries, and probes arriving every few seconds then held every request thread
        Set<String> apps = new HashSet<>(catalog.appIds());
        List<NewestBundles.Expiry> live =
                newest.expiries().stream().filter(e -> apps.contains(e.appId())).toList();
        List<String> expired = live.stream()
                .filter(e -> !e.expiresAt().isAfter(now))
                .map(NewestBundles.Expiry::appId)
                .toList();
        Instant soonest = live.stream()
                .map(NewestBundles.Expiry::expiresAt)
                .min(Instant::compareTo)
                .orElse(null);
        Health.Builder h = expired.isEmpty() ? Health.up() : Health.down().withDetail("expiredApps", expired);
        h.withDetail("publishedApps", live.size());
        if (soonest != null) {
            h.withDetail("soonestExpiry", soonest.toString());
        }
        return h.build();
    }
}
