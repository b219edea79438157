package dev.pinwheel.pins;

import dev.pinwheel.core.jobs.PeriodicJob;
import dev.pinwheel.core.jobs.PeriodicWork;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * {@code pinwheel_certificate_expires_in_days{host, pin}}: days until each tracked certificate
 * expires — every pin of a domain's current pin set that was made from a certificate (and so has
 * its {@code notAfter}). Negative once expired. Refreshed every
 * {@code pinwheel.pins.metrics-refresh-interval} (default 5 min), at startup, and whenever
 * {@link #refresh()} is called (the hook for certificate features that add tracked certificates).
 */
@Component
public class CertificateExpiryMetrics implements PeriodicWork {

    static final String NAME = "pinwheel.certificate.expires.in";
    private static final Logger log = LoggerFactory.getLogger(CertificateExpiryMetrics.class);

    private final MeterRegistry registry;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final PinsProperties properties;
    private final Map<Key, Instant> tracked = new ConcurrentHashMap<>();

    CertificateExpiryMetrics(MeterRegistry registry, JdbcClient jdbc, Clock clock, PinsProperties properties) {
        this.registry = registry;
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
    }

    @Override
    public List<PeriodicJob> periodicJobs() {
        return List.of(
                PeriodicJob.every(properties.metricsRefreshInterval(), "certificate-expiry-metrics", this::refresh));
    }

    /** Re-reads the tracked certificates: new ones get a gauge, dropped ones lose theirs. */
    @EventListener(ApplicationReadyEvent.class)
    public void refresh() {
        try {
            Map<Key, Instant> now = new java.util.HashMap<>();
            jdbc.sql("""
                    select d.host, p.sha256, p.cert_not_after from domains d
                    join pin_set_versions v on v.domain_id = d.id and v.version = d.current_version
                    join pins p on p.pin_set_version_id = v.id
                    where p.cert_not_after is not null""").query(rs -> {
                now.put(
                        new Key(rs.getString("host"), rs.getString("sha256")),
                        rs.getTimestamp("cert_not_after").toInstant());
            });
            for (Key gone : new HashSet<>(tracked.keySet())) {
                if (!now.containsKey(gone)) {
                    tracked.remove(gone);
                    registry.find(NAME)
                            .tag("host", gone.host())
                            .tag("pin", gone.pin())
                            .meters()
                            .forEach(registry::remove);
                }
            }
            now.forEach(this::track);
        } catch (RuntimeException e) {
            log.warn(
                    "Refreshing certificate expiry metrics failed ({})",
                    e.getClass().getSimpleName());
        }
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(PinSetVersionCreated event) {
        refresh();
    }

    /** The tracked certificates (host, pin) for tests and diagnostics. */
    Set<Key> tracked() {
        return Set.copyOf(tracked.keySet());
    }

    private void track(Key key, Instant notAfter) {
        if (tracked.put(key, notAfter) == null) {
            Gauge.builder(NAME, tracked, m -> daysUntil(m.get(key)))
                    .tag("host", key.host())
                    .tag("pin", key.pin())
                    .baseUnit("days")
                    .description("Days until the tracked certificate expires")
                    .register(registry);
        }
    }

    private double daysUntil(Instant notAfter) {
        return notAfter == null
                ? Double.NaN
                : Duration.between(clock.instant(), notAfter).toSeconds() / 86400.0;
    }

    record Key(String host, String pin) {}
}
