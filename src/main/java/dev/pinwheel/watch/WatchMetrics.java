package dev.pinwheel.watch;

import dev.pinwheel.alerts.AlertCondition;
import dev.pinwheel.alerts.AlertKind;
import dev.pinwheel.core.jobs.PeriodicJob;
import dev.pinwheel.core.jobs.PeriodicWork;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * {@code pinwheel_watch_findings{kind}}: the number of current watch findings of each kind
 * ({@code unpinned-key}, {@code certificate-expiring}, {@code rotation-stalled},
 * {@code bundle-expiring}); one series per kind whatever the number of hosts. Every replica
 * recomputes it from the database every {@code pinwheel.watch.interval}, so any replica may be scraped.
 */
@Component
class WatchMetrics implements PeriodicWork {

    private static final Logger log = LoggerFactory.getLogger(WatchMetrics.class);

    private final Map<AlertKind, AtomicInteger> counts = new EnumMap<>(AlertKind.class);
    private final ObjectProvider<WatchFindings> findings;
    private final WatchProperties properties;

    WatchMetrics(MeterRegistry registry, ObjectProvider<WatchFindings> findings, WatchProperties properties) {
        this.findings = findings;
        this.properties = properties;
        for (AlertKind k : List.of(
                AlertKind.UNPINNED_KEY,
                AlertKind.CERTIFICATE_EXPIRING,
                AlertKind.ROTATION_STALLED,
                AlertKind.BUNDLE_EXPIRING)) {
            AtomicInteger n = new AtomicInteger();
            counts.put(k, n);
            Gauge.builder("pinwheel.watch.findings", n, AtomicInteger::get)
                    .tag("kind", k.wireName())
                    .description("Current watch findings of this kind")
                    .register(registry);
        }
    }

    void update(List<AlertCondition> current) {
        counts.forEach((k, n) ->
                n.set((int) current.stream().filter(c -> c.kind() == k).count()));
    }

    @Override
    public List<PeriodicJob> periodicJobs() {
        return List.of(PeriodicJob.every(properties.interval(), "watch-metrics", this::refresh));
    }

    /** The periodic recount, on every replica. */
    void refresh() {
        try {
            update(findings.getObject().current());
        } catch (RuntimeException e) {
            log.warn("Refreshing watch metrics failed ({})", e.getClass().getSimpleName());
        }
    }
}
