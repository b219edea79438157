package dev.pinwheel.bundles;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.pinwheel.pins.PinCatalog;
import dev.pinwheel.pins.rotation.RotationSafety;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Answers the rotation workflow's questions from bundle history. A client holds a bundle at the
 * latest one poll interval after it was published, plus the HTTP cache lifetime of the bundle
 * response ({@code max-age} = the poll interval): so a key is safe to serve once the first bundle
 * of the newest unbroken run of bundles pinning it is {@code 2 × poll interval} old, for every app
 * carrying the domain. The longer of the poll intervals of that bundle and the one before it counts.
 */
@Component
class BundleRotationSafety implements RotationSafety {

    private final PinCatalog catalog;
    private final BundlePinHistory history;
    private final BundleProperties properties;

    BundleRotationSafety(PinCatalog catalog, BundlePinHistory history, BundleProperties properties) {
        this.catalog = catalog;
        this.history = history;
        this.properties = properties;
    }

    @Override
    @Transactional(readOnly = true)
    public PromoteReadiness promoteReadiness(String host, String pinBase64) {
        List<String> apps = catalog.appsCarrying(host);
        List<String> unpublished = new ArrayList<>();
        Instant safeAfter = null;
        for (String app : apps) {
            Instant appSafe = safeAfter(history.history(app), host, pinBase64);
            if (appSafe == null) {
                unpublished.add(app);
            } else if (safeAfter == null || appSafe.isAfter(safeAfter)) {
                safeAfter = appSafe;
            }
        }
        return new PromoteReadiness(apps, unpublished, unpublished.isEmpty() ? safeAfter : null);
    }

    /**
     * When every client of one app holds a bundle pinning the key, from its bundles newest first;
     * null when its newest bundle does not pin the key (or it has none).
     */
    static Instant safeAfter(List<BundlePinHistory.Published> bundles, String host, String pinBase64) {
        if (bundles.isEmpty() || !bundles.get(0).pins(host, pinBase64)) {
            return null;
        }
        BundlePinHistory.Published runStart = bundles.get(0);
        BundlePinHistory.Published before = null;
        for (int i = 1; i < bundles.size(); i++) {
            if (!bundles.get(i).pins(host, pinBase64)) {
                before = bundles.get(i);
                break;
            }
            runStart = bundles.get(i);
        }
        long pollSeconds = Math.max(runStart.pollIntervalSeconds(), before == null ? 0 : before.pollIntervalSeconds());
        return runStart.issuedAt().plus(Duration.ofSeconds(pollSeconds).multipliedBy(2));
    }

    @Override
    @Transactional(readOnly = true)
    public Duration pollInterval(String host) {
        Duration longest = null;
        for (String appId : catalog.appsCarrying(host)) {
            Duration d = catalog.app(appId).map(PinCatalog.AppView::pollInterval).orElse(null);
            if (d == null) {
                d = properties.pollInterval();
            }
            if (longest == null || d.compareTo(longest) > 0) {
                longest = d;
            }
        }
        return longest != null ? longest : properties.pollInterval();
    }
}
