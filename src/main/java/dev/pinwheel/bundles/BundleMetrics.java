package dev.pinwheel.bundles;

import dev.pinwheel.core.jobs.PeriodicJob;
import dev.pinwheel.core.jobs.PeriodicWork;
import dev.pinwheel.pins.PinCatalog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Bundle metrics (Prometheus names):
 * <ul>
 * <li>{@code pinwheel_bundles_stored_total{kind="publish|republish|resign"}} — bundles stored, counted
 *     after the transaction commits (so re-signs count once across replicas);</li>
 * <li>{@code pinwheel_bundles_refused_total} — publishes refused by the checks (lint);</li>
 * <li>{@code pinwheel_bundle_expires_in_seconds{app}} — seconds until each app's newest bundle
 *     expires (negative once expired), refreshed from the database every
 *     {@code pinwheel.bundles.metrics-refresh-interval} (default 30 s) and on every local publish.</li>
 * </ul>
 */
@Component
class BundleMetrics implements PeriodicWork {

    private static final Logger log = LoggerFactory.getLogger(BundleMetrics.class);

    private final MeterRegistry registry;
    private final NewestBundles newest;
    private final PinCatalog catalog;
    private final Clock clock;
    private final BundleProperties properties;
    private final Map<BundleKind, Counter> stored = new EnumMap<>(BundleKind.class);
    private final Counter refused;
    private final Map<String, Instant> expiries = new ConcurrentHashMap<>();

    BundleMetrics(
            MeterRegistry registry,
            NewestBundles newest,
            PinCatalog catalog,
            Clock clock,
            BundleProperties properties) {
        this.registry = registry;
        this.newest = newest;
        this.catalog = catalog;
        this.clock = clock;
        this.properties = properties;
        for (BundleKind kind : BundleKind.values()) {
            stored.put(
                    kind,
                    Counter.builder("pinwheel.bundles.stored")
                            .tag("kind", kind.wireName())
                            .description("Bundles stored: published, republished or re-signed")
                            .register(registry));
        }
        refused = Counter.builder("pinwheel.bundles.refused")
                .description("Publishes refused because checks failed")
                .register(registry);
    }

    /** Counts a publish refused by the checks. */
    void refused() {
        refused.increment();
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(BundlePublished event) {
        stored.get(event.bundle().kind()).increment();
        track(event.bundle().appId(), event.bundle().expiresAt());
    }

    @Override
    public List<PeriodicJob> periodicJobs() {
        return List.of(PeriodicJob.every(properties.metricsRefreshInterval(), "bundle-expiry-metrics", this::refresh));
    }

    /** Re-reads every app's newest expiry: once ready, then every metrics-refresh-interval. */
    @EventListener(ApplicationReadyEvent.class)
    void refresh() {
        try {
            for (NewestBundles.Expiry e : newest.expiries()) {
                if (catalog.app(e.appId()).isPresent()) {
                    track(e.appId(), e.expiresAt());
                } else if (expiries.remove(e.appId()) != null) {
                    registry.find("pinwheel.bundle.expires.in")
                            .tag("app", e.appId())
                            .meters()
                            .forEach(registry::remove);
                }
            }
        } catch (RuntimeException e) {
            log.warn(
                    "Refreshing bundle expiry metrics failed ({})", e.getClass().getSimpleName());
        }
    }

    private void track(String appId, Instant expiresAt) {
        if (expiries.put(appId, expiresAt) == null) {
            Gauge.builder("pinwheel.bundle.expires.in", expiries, m -> secondsUntil(m.get(appId)))
                    .tag("app", appId)
                    .baseUnit("seconds")
                    .description("Seconds until the app's newest bundle expires")
                    .register(registry);
        }
    }

    private double secondsUntil(Instant expiresAt) {
        return expiresAt == null
                ? Double.NaN
                : Duration.between(clock.instant(), expiresAt).toSeconds();
    }
}
