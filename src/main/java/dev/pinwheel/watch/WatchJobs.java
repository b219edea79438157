package dev.pinwheel.watch;

import dev.pinwheel.core.jobs.PeriodicJob;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The watch module's periodic work, run by {@link dev.pinwheel.core.jobs.PeriodicJobs}. */
@Configuration(proxyBeanMethods = false)
class WatchJobs {

    /** Probes the watched hosts; once across replicas (lease {@code watch}). */
    @Bean
    PeriodicJob watchSchedule(Watch watch, WatchProperties properties) {
        return PeriodicJob.every(properties.interval(), "watch", watch::scheduled);
    }

    /** Recounts the findings gauge; on every replica, so any replica may be scraped. */
    @Bean
    PeriodicJob watchMetricsSchedule(WatchMetrics metrics, WatchProperties properties) {
        return PeriodicJob.every(properties.interval(), "watch-metrics", metrics::refresh);
    }

    /** Takes the next autopilot steps; once across replicas (lease {@code autopilot}). */
    @Bean
    PeriodicJob autopilotSchedule(Autopilot autopilot, WatchProperties properties) {
        return PeriodicJob.every(properties.autopilotInterval(), "autopilot", autopilot::scheduled);
    }
}
