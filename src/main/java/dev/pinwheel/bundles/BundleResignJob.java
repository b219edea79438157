package dev.pinwheel.bundles;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs {@link BundleManagement#resignDue()} on a schedule
 * ({@code pinwheel.bundles.resign-check-interval}) unless {@code pinwheel.bundles.resign-enabled=false}.
 * Safe on every replica at once: each due bundle is re-signed exactly once.
 */
@Component
class BundleResignJob {

    private final BundleManagement bundles;
    private final BundleProperties properties;

    BundleResignJob(BundleManagement bundles, BundleProperties properties) {
        this.bundles = bundles;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${pinwheel.bundles.resign-check-interval:1m}",
            initialDelayString = "${pinwheel.bundles.resign-check-interval:1m}")
    void run() {
        if (properties.resignEnabled()) {
            bundles.resignDue();
        }
    }
}
