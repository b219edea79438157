package dev.pinwheel.reports;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Deletes reports last seen longer ago than {@code pinwheel.reports.retention}, every
 * {@code pinwheel.reports.purge-interval}. Idempotent, so running on every replica is harmless.
 */
@Configuration(proxyBeanMethods = false)
class ReportPurge implements SchedulingConfigurer {

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
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(this::purge, properties.purgeInterval());
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
