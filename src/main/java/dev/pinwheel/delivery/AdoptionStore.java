package dev.pinwheel.delivery;

import dev.pinwheel.bundles.BundlePolls;
import dev.pinwheel.core.jobs.PeriodicJob;
import dev.pinwheel.core.jobs.PeriodicWork;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Where counted polls go: every {@code pinwheel.delivery.adoption-flush-interval} this replica
 * drains its {@link AdoptionCounter} and adds the counts to its own rows of table
 * {@code bundle_adoption} (one per replica, time bucket, app and held bundle), so replicas never
 * write the same row; readers ({@link #polls}) add up the rows of every replica. A failed write puts
 * the counts back for the next flush; a replica that stops loses what it counted since its last
 * flush (at most one interval: no write at shutdown, when the database may be gone). Rows older than {@code pinwheel.delivery.adoption-retention}
 * are deleted. Also keeps the gauge {@code pinwheel_bundle_adoption_newest_ratio{app}}: the share of
 * the app's polls over its last poll interval (all replicas) from clients holding its newest bundle
 * (NaN while there were none). One series per app; seqs and ETags are never labels.
 */
@Component
public class AdoptionStore implements BundlePolls, PeriodicWork {

    static final String GAUGE = "pinwheel.bundle.adoption.newest.ratio";
    private static final Logger log = LoggerFactory.getLogger(AdoptionStore.class);

    private final AdoptionCounter counter;
    private final BundleCache cache;
    private final JdbcClient jdbc;
    private final DeliveryProperties properties;
    private final MeterRegistry registry;
    private final Clock clock;
    private final String replicaId;
    private final Map<String, AtomicLong> newestShare = new ConcurrentHashMap<>();
    private volatile Instant lastPurge = Instant.EPOCH;

    AdoptionStore(
            AdoptionCounter counter,
            BundleCache cache,
            JdbcClient jdbc,
            DeliveryProperties properties,
            MeterRegistry registry,
            Clock clock) {
        this.counter = counter;
        this.cache = cache;
        this.jdbc = jdbc;
        this.properties = properties;
        this.registry = registry;
        this.clock = clock;
        this.replicaId = properties.replicaId() != null
                ? properties.replicaId()
                : "r-" + UUID.randomUUID().toString().substring(0, 13);
    }

    /** The name of this replica's rows. */
    public String replicaId() {
        return replicaId;
    }

    @Override
    public List<PeriodicJob> periodicJobs() {
        return List.of(
                PeriodicJob.atStartAndEvery(properties.adoptionFlushInterval(), "adoption-flush", this::flushQuietly));
    }

    /** The periodic flush; a failure keeps the counts for the next one. */
    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn(
                    "Writing bundle adoption counts failed ({}); they are kept for the next try",
                    e.getClass().getSimpleName());
        }
    }

    /**
     * Adds the counts gathered since the last flush to this replica's rows of the current bucket,
     * then refreshes the gauge and deletes expired rows. Returns how many rows were written.
     */
    public int flush() {
        Instant now = clock.instant();
        List<AdoptionCounter.Count> counts = counter.drain();
        if (!counts.isEmpty()) {
            OffsetDateTime bucket = OffsetDateTime.ofInstant(bucketOf(now), ZoneOffset.UTC);
            try {
                for (AdoptionCounter.Count c : counts) {
                    int updated = jdbc.sql("update bundle_adoption set polls = polls + ? where replica_id = ? "
                                    + "and bucket_start = ? and app_id = ? and held = ? and held_seq = ?")
                            .params(
                                    c.polls(),
                                    replicaId,
                                    bucket,
                                    c.appId(),
                                    c.held().wireName(),
                                    c.seq())
                            .update();
                    if (updated == 0) {
                        // only this replica writes rows with its id (one flushing thread): no insert race
                        jdbc.sql(
                                        "insert into bundle_adoption (replica_id, bucket_start, app_id, held, held_seq, polls) "
                                                + "values (?, ?, ?, ?, ?, ?)")
                                .params(replicaId, bucket, c.appId(), c.held().wireName(), c.seq(), c.polls())
                                .update();
                    }
                }
            } catch (RuntimeException e) {
                counter.restore(counts); // a row written before the failure is counted twice at worst: rare, harmless
                throw e;
            }
        }
        refreshGauges(now);
        if (now.isAfter(lastPurge.plus(properties.adoptionBucket()))) {
            purge(now);
            lastPurge = now;
        }
        return counts.size();
    }

    /** Deletes rows of buckets older than the retention. */
    int purge(Instant now) {
        return jdbc.sql("delete from bundle_adoption where bucket_start < ?")
                .param(OffsetDateTime.ofInstant(now.minus(properties.adoptionRetention()), ZoneOffset.UTC))
                .update();
    }

    @Override
    public Held polls(String appId, Instant from, Instant to) {
        Map<Long, Long> bySeq = new HashMap<>();
        long[] other = new long[2];
        jdbc.sql("select held, held_seq, sum(polls) as polls from bundle_adoption where app_id = ? "
                        + "and bucket_start >= ? and bucket_start <= ? group by held, held_seq")
                .params(
                        appId,
                        OffsetDateTime.ofInstant(bucketOf(from), ZoneOffset.UTC),
                        OffsetDateTime.ofInstant(to, ZoneOffset.UTC))
                .query((rs, n) -> {
                    long polls = rs.getLong("polls");
                    switch (rs.getString("held")) {
                        case "seq" -> bySeq.merge(rs.getLong("held_seq"), polls, Long::sum);
                        case "none" -> other[0] += polls;
                        default -> other[1] += polls;
                    }
                    return null;
                })
                .list();
        return new Held(bySeq, other[0], other[1]);
    }

    /** The start of the bucket an instant falls in. */
    Instant bucketOf(Instant t) {
        long size = properties.adoptionBucket().toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), size) * size);
    }

    private void refreshGauges(Instant now) {
        for (String appId : counter.appIds()) {
            ServedBundle newest = cache.get(appId).orElse(null);
            if (newest == null) {
                continue;
            }
            Held held = polls(appId, now.minus(Duration.ofSeconds(newest.pollIntervalSeconds())), now);
            long total = held.total();
            double share = total == 0 ? Double.NaN : (double) held.bySeq().getOrDefault(newest.seq(), 0L) / total;
            newestShare.computeIfAbsent(appId, this::registerGauge).set(Double.doubleToLongBits(share));
        }
    }

    private AtomicLong registerGauge(String appId) {
        AtomicLong bits = new AtomicLong(Double.doubleToLongBits(Double.NaN));
        Gauge.builder(GAUGE, bits, b -> Double.longBitsToDouble(b.get()))
                .tag("app", appId)
                .description("Share of the app's polls over its last poll interval (all replicas) from clients "
                        + "holding its newest bundle")
                .register(registry);
        return bits;
    }
}
