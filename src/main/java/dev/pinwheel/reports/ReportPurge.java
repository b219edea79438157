package dev.pinwheel.reports;

import dev.pinwheel.core.jobs.PeriodicJob;
import dev.pinwheel.core.jobs.PeriodicWork;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Deletes reports last seen longer ago than {@code pinwheel.reports.retention}, every
 * {@code pinwheel.reports.purge-interval}. Idempotent, so running on every replica is harmless.
 */
@Component
class ReportPurge implements PeriodicWork {

    private static final Logger log = LoggerFactory.getLogger(ReportPurge.class);

    private final ReportStore store;
    private final ReportProperties properties;
    private final Clock clock;

    ReportPurge(ReportStore store, ReportProperties properties, Clock clock) {
        this.store = store;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public List<PeriodicJob> periodicJobs() {
        return List.of(PeriodicJob.atStartAndEvery(properties.purgeInterval(), "report-purge", this::purge));
    }

    /** Deletes the expired reports now; returns how many. */
    int purge() {
        try {
            int deleted = store.purgeLastSeenBefore(clock.instant().minus(properties.retention()));
            if (deleted > 0) {
                log.info("Purged {} pin-failure reports older than {}", deleted, properties.retention());
            }
            return deleted;
        } catch (RuntimeException e) {
            log.warn("Purging pin-failure reports failed: {}", e.getClass().getSimpleName());
            return 0;
        }
    }
}
