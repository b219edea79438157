package dev.pinwheel.signing;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Drops the private keys of retired signing keys once their grace period is over, every
 * {@code pinwheel.signing.purge-check-interval}. Safe on every replica (the key lock serialises it).
 */
@Component
class SigningKeyPurgeJob {

    private final SigningKeys keys;

    SigningKeyPurgeJob(SigningKeys keys) {
        this.keys = keys;
    }

    @Scheduled(fixedDelayString = "${pinwheel.signing.purge-check-interval:1h}",
            initialDelayString = "${pinwheel.signing.purge-check-interval:1h}")
    void run() {
        keys.purgeRetiredPrivateKeys();
    }
}
