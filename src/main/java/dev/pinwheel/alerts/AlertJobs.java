package dev.pinwheel.alerts;

import dev.pinwheel.core.jobs.PeriodicJob;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The alerts module's periodic work, run by {@link dev.pinwheel.core.jobs.PeriodicJobs}. */
@Configuration(proxyBeanMethods = false)
class AlertJobs {

    /** Sends due webhook deliveries; once across replicas (lease {@code webhook-dispatch}). */
    @Bean
    PeriodicJob webhookDispatchSchedule(WebhookDispatcher dispatcher, AlertProperties properties) {
        return PeriodicJob.every(properties.dispatchInterval(), "webhook-dispatch", dispatcher::run);
    }
}
