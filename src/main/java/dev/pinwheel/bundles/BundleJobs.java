package dev.pinwheel.bundles;

import dev.pinwheel.core.jobs.PeriodicJob;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The bundles module's periodic work, run by {@link dev.pinwheel.core.jobs.PeriodicJobs}. */
@Configuration(proxyBeanMethods = false)
class BundleJobs {

    /** Re-signs due bundles on every replica; each due bundle is re-signed exactly once. */
    @Bean
    PeriodicJob bundleResignSchedule(BundleResignJob job, BundleProperties properties) {
        return PeriodicJob.every(properties.resignCheckInterval(), "bundle-resign", job::run);
    }

    @Bean
    PeriodicJob bundleExpiryMetricsSchedule(BundleMetrics metrics, BundleProperties properties) {
        return PeriodicJob.every(properties.metricsRefreshInterval(), "bundle-expiry-metrics", metrics::refresh);
    }
}
