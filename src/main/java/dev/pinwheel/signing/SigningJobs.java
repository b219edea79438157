package dev.pinwheel.signing;

import dev.pinwheel.core.jobs.PeriodicJob;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The signing module's periodic work, run by {@link dev.pinwheel.core.jobs.PeriodicJobs}. */
@Configuration(proxyBeanMethods = false)
class SigningJobs {

    /** Drops the private keys of retired keys past their grace period; safe on every replica. */
    @Bean
    PeriodicJob signingKeyPurgeSchedule(SigningKeyPurgeJob job, SigningProperties properties) {
        return PeriodicJob.every(properties.purgeCheckInterval(), "signing-key-purge", job::run);
    }

    /** Reloads the JWKS: how a key rotation on another replica reaches this one. */
    @Bean
    PeriodicJob jwksRefreshSchedule(PublishedJwks jwks, SigningProperties properties) {
        return PeriodicJob.every(properties.jwksRefreshInterval(), "jwks-refresh", jwks::refreshQuietly);
    }
}
