package dev.pinwheel.pins;

import dev.pinwheel.core.jobs.PeriodicJob;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The pins module's periodic work, run by {@link dev.pinwheel.core.jobs.PeriodicJobs}. */
@Configuration(proxyBeanMethods = false)
class PinsJobs {

    @Bean
    PeriodicJob certificateExpiryMetricsSchedule(CertificateExpiryMetrics metrics, PinsProperties properties) {
        return PeriodicJob.every(properties.metricsRefreshInterval(), "certificate-expiry-metrics", metrics::refresh);
    }
}
