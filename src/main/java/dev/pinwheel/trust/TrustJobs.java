package dev.pinwheel.trust;

import dev.pinwheel.core.jobs.PeriodicJob;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The trust module's periodic work, run by {@link dev.pinwheel.core.jobs.PeriodicJobs}. */
@Configuration(proxyBeanMethods = false)
class TrustJobs {

    @Bean
    PeriodicJob trustRefreshSchedule(TrustManagement trust, TrustProperties properties) {
        return PeriodicJob.every(properties.refreshInterval(), "trust-refresh", trust::refreshQuietly);
    }

    /** Re-signs the key set with the online root when needed; runs only with {@code pinwheel.trust.online-root}. */
    @Bean
    PeriodicJob trustRootMaintenanceSchedule(TrustManagement trust, TrustProperties properties) {
        return PeriodicJob.every(properties.maintenanceInterval(), "trust-root-maintenance", trust::maintainQuietly);
    }
}
