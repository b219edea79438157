package dev.pinwheel.trust;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * Gauges {@code pinwheel.trust.key_set.expires.in} and {@code pinwheel.trust.root.expires.in}
 * (seconds until the served key set / newest root version expires; negative once expired, NaN while
 * none exists), and {@code pinwheel.trust.expiry.warning} (the warning lead time in seconds), so an
 * alert can fire when {@code expires.in < expiry.warning}.
 */
@Component
class TrustMetrics {

    TrustMetrics(MeterRegistry registry, PublishedTrust trust, TrustProperties properties, Clock clock) {
        Function<Instant, Double> secondsUntil = at -> at == null
                ? Double.NaN
                : (double) (at.getEpochSecond() - clock.instant().getEpochSecond());
        Gauge.builder(
                        "pinwheel.trust.key_set.expires.in",
                        trust,
                        t -> secondsUntil.apply(
                                t.current().chain().keySet() == null
                                        ? null
                                        : t.current().chain().keySet().expiresAt()))
                .baseUnit("seconds")
                .description("Seconds until the served key set expires")
                .register(registry);
        Gauge.builder(
                        "pinwheel.trust.root.expires.in",
                        trust,
                        t -> secondsUntil.apply(t.current()
                                .chain()
                                .latestRoot()
                                .map(TrustVerifier.RootVersion::expiresAt)
                                .orElse(null)))
                .baseUnit("seconds")
                .description("Seconds until the newest root version expires")
                .register(registry);
        Gauge.builder("pinwheel.trust.expiry.warning", properties, p ->
                        (double) p.expiryWarning().toSeconds())
                .baseUnit("seconds")
                .description("How long before expiry the trustExpiry health indicator warns")
                .register(registry);
    }
}
