package dev.pinwheel.signing;

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

    /** The periodic run ({@link SigningJobs}). */
    void run() {
        keys.purgeRetiredPrivateKeys();
    }
}
