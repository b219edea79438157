package dev.pinwheel.bundles;

import dev.pinwheel.core.jobs.PeriodicJob;
import dev.pinwheel.core.jobs.PeriodicWork;
import dev.pinwheel.signing.SigningKeyRolledBack;
import dev.pinwheel.signing.SigningKeyRotated;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Runs {@link BundleManagement#resignDue()} on a schedule
 * ({@code pinwheel.bundles.resign-check-interval}) unless {@code pinwheel.bundles.resign-enabled=false}.
 * Safe on every replica at once: each due bundle is re-signed exactly once. After a signing-key
 * rotation (or its rollback) commits, every served bundle is re-signed with the new active key at once,
 * so that no served bundle depends on a retired key; the scheduled run also catches bundles another
 * replica's rotation left behind.
 */
@Component
class BundleResignJob implements PeriodicWork {

    private final BundleManagement bundles;
    private final BundleProperties properties;

    BundleResignJob(BundleManagement bundles, BundleProperties properties) {
        this.bundles = bundles;
        this.properties = properties;
    }

    @Override
    public List<PeriodicJob> periodicJobs() {
        return List.of(PeriodicJob.every(properties.resignCheckInterval(), "bundle-resign", this::run));
    }

    /** The periodic run: re-signs the due bundles unless re-signing is off. */
    void run() {
        if (properties.resignEnabled()) {
            bundles.resignDue();
        }
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void onRotated(SigningKeyRotated event) {
        bundles.resignWithActiveKey();
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void onRolledBack(SigningKeyRolledBack event) {
        bundles.resignWithActiveKey();
    }
}
