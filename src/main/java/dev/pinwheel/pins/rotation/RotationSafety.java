package dev.pinwheel.pins.rotation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What rotations need to know about published bundles. Defined here, implemented by the bundles
 * module (which owns bundle history), so that the dependency stays bundles → pins.
 */
public interface RotationSafety {

    /**
     * Whether every polling client of every app that carries the host holds a bundle pinning the
     * key. For each app: the newest run of consecutive bundles, up to its newest bundle, whose
     * domain entry for the host pins the key; clients hold it once the first bundle of that run
     * has been public for the poll interval plus the HTTP cache lifetime of the bundle response.
     *
     * @param pinBase64 the key's pin without the {@code sha256/} prefix
     */
    PromoteReadiness promoteReadiness(String host, String pinBase64);

    /** The longest poll interval among the apps that carry the host (the default when none does). */
    Duration pollInterval(String host);

    /**
     * Readiness to promote.
     *
     * @param apps            the apps that carry the host
     * @param unpublishedApps apps whose newest bundle does not pin the key (or that have none)
     * @param safeAfter       when every app's clients hold the key; null when {@code unpublishedApps}
     *                        is not empty, or when no app carries the host
     */
    record PromoteReadiness(List<String> apps, List<String> unpublishedApps, Instant safeAfter) {

        public boolean safeAt(Instant now) {
            return unpublishedApps.isEmpty() && (safeAfter == null || !now.isBefore(safeAfter));
        }
    }
}
