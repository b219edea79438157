package dev.pinwheel.bundles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pinwheel.pins.PinCatalog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class BundleFreshnessHealthIndicatorTests {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    @Test
    void upWhenEveryAppHasAnUnexpiredNewestBundle() {
        Health h = health(
                List.of(expiry("banking", NOW.plusSeconds(60)), expiry("shop", NOW.plusSeconds(3600))),
                List.of("banking", "shop"));

        assertThat(h.getStatus()).isEqualTo(Status.UP);
        assertThat(h.getDetails())
                .containsEntry("publishedApps", 2)
                .containsEntry("soonestExpiry", NOW.plusSeconds(60).toString());
    }

    @Test
    void downNamingTheAppsWhoseNewestBundleExpired() {
        Health h = health(
                List.of(expiry("banking", NOW), expiry("shop", NOW.plusSeconds(3600))), List.of("banking", "shop"));

        assertThat(h.getStatus()).isEqualTo(Status.DOWN);
        assertThat(h.getDetails()).containsEntry("expiredApps", List.of("banking"));
    }

    @Test
    void deletedAppsDoNotCount() {
        Health h = health(List.of(expiry("gone", NOW.minusSeconds(10))), List.of());

        assertThat(h.getStatus()).isEqualTo(Status.UP);
        assertThat(h.getDetails()).containsEntry("publishedApps", 0);
    }

    private static NewestBundles.Expiry expiry(String app, Instant exp) {
        return new NewestBundles.Expiry(app, 1, exp);
    }

    private static Health health(List<NewestBundles.Expiry> expiries, List<String> apps) {
        NewestBundles newest = new NewestBundles(null) {
            @Override
            List<Expiry> expiries() {
                return expiries;
            }
        };
        PinCatalog catalog = new PinCatalog() {
            @Override
            public Optional<AppView> app(String appId) {
                return apps.contains(appId) ? Optional.of(new AppView(appId, appId, null, null)) : Optional.empty();
            }

            @Override
            public List<String> appIds() {
                return apps;
            }

            @Override
            public List<DomainPins> currentPins(String appId) {
                return List.of();
            }

            @Override
            public Map<String, Duration> bundleLifetimeOverrides() {
                return Map.of();
            }

            @Override
            public List<String> hostsOf(String appId) {
                return List.of();
            }

            @Override
            public List<String> appsCarrying(String host) {
                return List.of();
            }
        };
        return new BundleFreshnessHealthIndicator(newest, catalog, Clock.fixed(NOW, ZoneOffset.UTC)).health();
    }
}
