package dev.pinwheel.bundles;

import dev.pinwheel.pins.App;
import dev.pinwheel.pins.HostName;
import dev.pinwheel.pins.PinCatalog;
import dev.pinwheel.pins.PinHash;
import dev.pinwheel.pins.rotation.RotationProperties;
import dev.pinwheel.pins.rotation.RotationSafety;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Answers the rotation workflow's questions from bundle history. A client holds a bundle at the
 * latest one poll interval after it was published, plus the HTTP cache lifetime of the bundle
 * response ({@code max-age} = the poll interval): so a key is safe to serve once the first bundle
 * of the newest unbroken run of bundles pinning it is {@code 2 × poll interval} old, for every app
 * carrying the domain. The longer of the poll intervals of that bundle and the one before it counts.
 *
 * <p>Evidence on top of time: for each app, the share of its polls in the adoption window (its poll
 * interval, or {@code pinwheel.rotation.adoption-window} when longer, up to now) from clients whose
 * held bundle pins the key ({@link BundleAdoption}), against the app's {@code promoteAdoptionPercent};
 * with fewer than {@code pinwheel.rotation.adoption-min-polls} polls only the time rule applies.
 */
@Component
class BundleRotationSafety implements RotationSafety {

    private final PinCatalog catalog;
    private final BundlePinHistory history;
    private final BundleProperties properties;
    private final BundleAdoption adoption;
    private final RotationProperties rotation;

    BundleRotationSafety(
            PinCatalog catalog,
            BundlePinHistory history,
            BundleProperties properties,
            BundleAdoption adoption,
            RotationProperties rotation) {
        this.catalog = catalog;
        this.history = history;
        this.properties = properties;
        this.adoption = adoption;
        this.rotation = rotation;
    }

    @Override
    @Transactional(readOnly = true)
    public PromoteReadiness promoteReadiness(String host, PinHash pin) {
        List<String> apps = catalog.appsCarrying(host);
        List<String> unpublished = new ArrayList<>();
        List<AppAdoption> evidence = new ArrayList<>();
        Instant safeAfter = null;
        Instant now = adoption.now();
        HostName hostName = HostName.of(host);
        for (String app : apps) {
            List<BundlePinHistory.Published> bundles = history.history(app);
            Instant appSafe = safeAfter(bundles, host, pin);
            if (appSafe == null) {
                unpublished.add(app);
            } else if (safeAfter == null || appSafe.isAfter(safeAfter)) {
                safeAfter = appSafe;
            }
            Duration window = rotation.adoptionWindowFor(adoption.pollInterval(app));
            Instant from = now.minus(window);
            BundleAdoption.KeyShare share = adoption.keyShare(app, bundles, hostName, pin, from, now);
            int required = catalog.app(app)
                    .map(PinCatalog.AppView::promoteAdoptionPercent)
                    .orElse(App.DEFAULT_PROMOTE_ADOPTION_PERCENT);
            evidence.add(new AppAdoption(
                    app, from, now, share.polls(), share.pinningPolls(), required, rotation.adoptionMinPolls()));
        }
        return new PromoteReadiness(apps, unpublished, unpublished.isEmpty() ? safeAfter : null, evidence);
    }

    /**
     * When every client of one app holds a bundle pinning the key, from its bundles newest first;
     * null when its newest bundle does not pin the key (or it has none).
     */
    static Instant safeAfter(List<BundlePinHistory.Published> bundles, String host, PinHash pin) {
        if (bundles.isEmpty() || !bundles.get(0).pins(host, pin)) {
            return null;
        }
        BundlePinHistory.Published runStart = bundles.get(0);
        BundlePinHistory.Published before = null;
        for (int i = 1; i < bundles.size(); i++) {
            if (!bundles.get(i).pins(host, pin)) {
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
            Duration d = AppTimings.pollInterval(catalog.app(appId), properties);
            if (longest == null || d.compareTo(longest) > 0) {
                longest = d;
            }
        }
        return longest != null ? longest : AppTimings.pollInterval(java.util.Optional.empty(), properties);
    }
}
