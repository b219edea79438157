package dev.pinwheel.pins.rotation;

import dev.pinwheel.pins.PinHash;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * What rotations need to know about published bundles and the clients that poll them. Defined
 * here, implemented by the bundles module (which owns bundle history and reads the adoption the
 * delivery endpoint counts), so that the dependency stays bundles → pins. The one place that says
 * whether a promote is safe: {@link PromoteReadiness#safeAt(Instant)}, for a manual promote and for
 * any automation alike.
 */
public interface RotationSafety {

    /**
     * Whether every polling client of every app that carries the host holds a bundle pinning the
     * key. Time is the floor: for each app, the newest run of consecutive bundles, up to its newest
     * bundle, whose domain entry for the host pins the key; clients hold it once the first bundle of
     * that run has been public for the poll interval plus the HTTP cache lifetime of the bundle
     * response. Evidence is the rule: for each app, the share of its recent polls that come from
     * clients whose held bundle pins the key (see {@link AppAdoption}).
     */
    PromoteReadiness promoteReadiness(String host, PinHash pin);

    /** The longest poll interval among the apps that carry the host (the default when none does). */
    Duration pollInterval(String host);

    /**
     * Readiness to promote.
     *
     * @param apps            the apps that carry the host
     * @param unpublishedApps apps whose newest bundle does not pin the key (or that have none)
     * @param safeAfter       when every app's clients hold the key by the time rule; null when
     *                        {@code unpublishedApps} is not empty, or when no app carries the host
     * @param adoption        the evidence of each app that carries the host, in the order of {@code apps}
     */
    record PromoteReadiness(
            List<String> apps, List<String> unpublishedApps, Instant safeAfter, List<AppAdoption> adoption) {

        public PromoteReadiness {
            apps = List.copyOf(apps);
            unpublishedApps = List.copyOf(unpublishedApps);
            adoption = List.copyOf(adoption);
        }

        /** Readiness by the time rule alone (no adoption figures). */
        public PromoteReadiness(List<String> apps, List<String> unpublishedApps, Instant safeAfter) {
            this(apps, unpublishedApps, safeAfter, List.of());
        }

        /** Whether the time rule allows promote at {@code now}. */
        public boolean timeRuleMetAt(Instant now) {
            return unpublishedApps.isEmpty() && (safeAfter == null || !now.isBefore(safeAfter));
        }

        /** The apps whose recent polls fall short of their threshold (empty when none does). */
        public List<AppAdoption> adoptionShort() {
            return adoption.stream()
                    .filter(a -> a.status() == AdoptionStatus.BELOW_THRESHOLD)
                    .toList();
        }

        /** Whether promote is safe at {@code now}: the time rule and, for every app, the evidence. */
        public boolean safeAt(Instant now) {
            return timeRuleMetAt(now) && adoptionShort().isEmpty();
        }
    }

    /** How an app's adoption figure bears on promote. */
    enum AdoptionStatus {
        /** Enough recent polls come from clients pinning the key. */
        MET,
        /** Too few of the recent polls come from clients pinning the key: promote waits. */
        BELOW_THRESHOLD,
        /** Fewer polls than the minimum in the window: the figure says nothing, the time rule alone applies. */
        TOO_FEW_POLLS;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * One app's adoption of a key: of the {@code polls} counted on the app's bundle endpoint (all
     * replicas) in {@code [windowStart, windowEnd)}, {@code pinningPolls} came from clients whose
     * held bundle (named by their {@code If-None-Match}) pins the key. Polls without a bundle or
     * with an unknown ETag count as not pinning.
     *
     * @param requiredPercent the app's threshold (0-100; 0: time rule only)
     * @param minPolls        below this many polls the figure is not used
     */
    record AppAdoption(
            String appId,
            Instant windowStart,
            Instant windowEnd,
            long polls,
            long pinningPolls,
            int requiredPercent,
            long minPolls) {

        /** The share of polls pinning the key, in percent (0 when there were none). */
        public double percent() {
            return polls == 0 ? 0 : 100.0 * pinningPolls / polls;
        }

        /** The rule: enough polls pinning the key, or too few polls to tell. */
        public AdoptionStatus status() {
            if (polls < minPolls) {
                return AdoptionStatus.TOO_FEW_POLLS;
            }
            // integer arithmetic: exactly the threshold is enough, with no rounding in between
            return pinningPolls * 100 >= (long) requiredPercent * polls
                    ? AdoptionStatus.MET
                    : AdoptionStatus.BELOW_THRESHOLD;
        }
    }
}
