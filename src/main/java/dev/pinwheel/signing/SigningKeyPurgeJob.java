package dev.pinwheel.signing;

import dev.pinwheel.core.jobs.PeriodicJob;
import dev.pinwheel.core.jobs.PeriodicWork;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Drops the private keys of retired signing keys once their grace period is over, every
 * {@code pinwheel.signing.purge-check-interval}. Safe on every replica (the key lock serialises it).
 */
@Component
class SigningKeyPurgeJob implements PeriodicWork {

    private final SigningKeys keys;
    private final SigningProperties properties;

    SigningKeyPurgeJob(SigningKeys keys, SigningProperties properties) {
        this.keys = keys;
        this.properties = properties;
    }

    @Override
    public List<PeriodicJob> periodicJobs() {
        return List.of(PeriodicJob.every(properties.purgeCheckInterval(), "signing-key-purge", this::run));
    }

    void run() {
        keys.purgeRetiredPrivateKeys();
    }
}
