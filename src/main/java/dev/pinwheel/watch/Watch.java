package dev.pinwheel.watch;

import dev.pinwheel.alerts.AlertCondition;
import dev.pinwheel.core.JobLease;
import dev.pinwheel.core.ProblemException;
import dev.pinwheel.core.jobs.PeriodicJob;
import dev.pinwheel.core.jobs.PeriodicWork;
import dev.pinwheel.pins.HostName;
import dev.pinwheel.pins.PinHash;
import dev.pinwheel.pins.PinManagement;
import dev.pinwheel.pins.discovery.LiveCheck;
import dev.pinwheel.pins.discovery.TlsProbe;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * The watch on live hosts: every {@code pinwheel.watch.interval}, on one replica at a time
 * ({@link JobLease} {@code watch}), probes every domain whose live check is on with
 * {@link TlsProbe} (so the SSRF guard and time-outs of discovery apply), records what it saw, then
 * raises each current finding as an {@link AlertCondition}. Probes run outside any database
 * transaction: the settings are read first, each observation is written after its probe.
 */
@Service
public class Watch implements PeriodicWork {

    static final String JOB = "watch";
    private static final Logger log = LoggerFactory.getLogger(Watch.class);

    private final LiveCheck liveCheck;
    private final TlsProbe probe;
    private final WatchObservations observations;
    private final WatchFindings findings;
    private final WatchMetrics metrics;
    private final WatchProperties properties;
    private final JobLease lease;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final PinManagement pins;

    Watch(
            PinManagement pins,
            LiveCheck liveCheck,
            TlsProbe probe,
            WatchObservations observations,
            WatchFindings findings,
            WatchMetrics metrics,
            WatchProperties properties,
            JobLease lease,
            ApplicationEventPublisher events,
            Clock clock) {
        this.pins = pins;
        this.liveCheck = liveCheck;
        this.probe = probe;
        this.observations = observations;
        this.findings = findings;
        this.metrics = metrics;
        this.properties = properties;
        this.lease = lease;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public List<PeriodicJob> periodicJobs() {
        return List.of(PeriodicJob.every(properties.interval(), "watch", this::scheduled));
    }

    /** The periodic run: on the replica that holds the lease, when the watch is on. */
    void scheduled() {
        if (!properties.enabled() || !lease.tryAcquire(JOB, hold(properties.interval()))) {
            return;
        }
        try {
            runOnce();
        } catch (RuntimeException e) {
            log.warn("The watch run failed ({})", e.getClass().getSimpleName());
        }
    }

    /** A lease a little shorter than the period, so the next run anywhere finds it free. */
    static Duration hold(Duration interval) {
        return interval.multipliedBy(9).dividedBy(10);
    }

    /** Probes every watched host once, records the observations, raises the findings; returns them. */
    public List<AlertCondition> runOnce() {
        List<LiveCheck.Setting> hosts = liveCheck.enabledSettings();
        for (LiveCheck.Setting s : hosts) {
            observe(s.host(), s.port());
        }
        observations.deleteBefore(clock.instant().minus(properties.historyRetention()));
        List<AlertCondition> current = findings.current();
        metrics.update(current);
        current.forEach(events::publishEvent);
        if (!current.isEmpty()) {
            log.info("Watch: {} host(s) probed, {} finding(s)", hosts.size(), current.size());
        }
        return current;
    }

    /**
     * What the watch saw on the host, newest first.
     *
     * @throws ProblemException 404 unknown domain; 400 for a limit outside 1..500 or a beforeId below 1
     */
    public History history(HostName host, Long beforeId, int limit) {
        if (limit < 1 || limit > 500) {
            throw ProblemException.invalid("limit", "must be between 1 and 500");
        }
        if (beforeId != null && beforeId < 1) {
            throw ProblemException.invalid("beforeId", "must be at least 1");
        }
        String h = pins.domain(host).host().value();
        return new History(h, observations.history(h, beforeId, limit));
    }

    /** A host's observations, newest first; {@code host} is the domain's normalised name. */
    public record History(String host, List<Observation> observations) {}

    /** Every current finding (computed from the database). */
    public List<AlertCondition> findings() {
        return findings.current();
    }

    private void observe(String host, int port) {
        Instant at = clock.instant();
        try {
            TlsProbe.Result r = probe.probe(host, port, null);
            List<PinHash> chain = new ArrayList<>();
            r.chain().forEach(c -> chain.add(c.spkiPin()));
            observations.record(
                    host,
                    port,
                    at,
                    r.address(),
                    r.servedPin(),
                    chain,
                    r.chain().get(0).notAfter(),
                    null);
        } catch (ProblemException e) {
            observations.record(host, port, at, null, null, List.of(), null, e.detail());
        } catch (RuntimeException e) {
            observations.record(
                    host,
                    port,
                    at,
                    null,
                    null,
                    List.of(),
                    null,
                    "probe failed (" + e.getClass().getSimpleName() + ")");
        }
    }
}
