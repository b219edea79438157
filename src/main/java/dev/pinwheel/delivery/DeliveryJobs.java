package dev.pinwheel.delivery;

import dev.pinwheel.core.jobs.PeriodicJob;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The delivery module's periodic work, run by {@link dev.pinwheel.core.jobs.PeriodicJobs}. */
@Configuration(proxyBeanMethods = false)
class DeliveryJobs {

    /** Picks up what other replicas publish (LISTEN/NOTIFY, and the periodic comparison). */
    @Bean
    PeriodicJob bundleSyncSchedule(BundleSync sync) {
        return PeriodicJob.atStartAndEvery(sync.interval(), "bundle-sync", sync::runOnce);
    }

    /** Writes the polls this replica counted to its rows of {@code bundle_adoption}. */
    @Bean
    PeriodicJob adoptionFlushSchedule(AdoptionStore store, DeliveryProperties properties) {
        return PeriodicJob.atStartAndEvery(properties.adoptionFlushInterval(), "adoption-flush", store::flushQuietly);
    }
}
