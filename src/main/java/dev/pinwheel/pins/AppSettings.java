package dev.pinwheel.pins;

import dev.pinwheel.core.Violations;
import java.time.Duration;

/**
 * An app's settings: its display name (stripped, 1-200 characters) and its overrides of the
 * service defaults, each null for "use the default": poll interval and bundle lifetime (1 second
 * to 366 days; the lifetime longer than the poll interval), and the share of recent polls (0-100)
 * a rotation's promote waits for.
 */
public record AppSettings(
        String displayName, Duration pollInterval, Duration bundleLifetime, Integer promoteAdoptionPercent) {

    static final long MIN_SECONDS = 1;
    static final long MAX_SECONDS = 366L * 24 * 3600;

    /** @throws IllegalArgumentException naming the first broken rule */
    public AppSettings {
        Violations v = new Violations();
        check(v, displayName, seconds(pollInterval), seconds(bundleLifetime), promoteAdoptionPercent);
        if (!v.isEmpty()) {
            throw new IllegalArgumentException(
                    v.list().get(0).field() + " " + v.list().get(0).message());
        }
        displayName = displayName.strip();
    }

    /** A display name and no overrides. */
    public static AppSettings of(String displayName) {
        return new AppSettings(displayName, null, null, null);
    }

    /**
     * Parses the settings as a caller gives them, reporting each broken rule to {@code v} under
     * the request's field names.
     *
     * @return the settings, or null when a violation was added
     */
    public static AppSettings parse(
            Violations v,
            String displayName,
            Long pollIntervalSeconds,
            Long bundleLifetimeSeconds,
            Integer promoteAdoptionPercent) {
        Violations own = new Violations();
        check(own, displayName, pollIntervalSeconds, bundleLifetimeSeconds, promoteAdoptionPercent);
        own.list().forEach(x -> v.add(x.field(), x.message()));
        return own.isEmpty()
                ? new AppSettings(
                        displayName,
                        duration(pollIntervalSeconds),
                        duration(bundleLifetimeSeconds),
                        promoteAdoptionPercent)
                : null;
    }

    private static void check(Violations v, String displayName, Long poll, Long lifetime, Integer percent) {
        if (displayName == null || displayName.isBlank()) {
            v.add("displayName", "is required");
        } else if (displayName.strip().length() > 200) {
            v.add("displayName", "must be at most 200 characters");
        }
        checkSeconds(v, "pollIntervalSeconds", poll);
        checkSeconds(v, "bundleLifetimeSeconds", lifetime);
        if (poll != null && lifetime != null && lifetime <= poll) {
            v.add("bundleLifetimeSeconds", "must be longer than pollIntervalSeconds");
        }
        if (percent != null && (percent < 0 || percent > 100)) {
            v.add("promoteAdoptionPercent", "must be between 0 and 100 (percent of recent polls)");
        }
    }

    private static void checkSeconds(Violations v, String field, Long value) {
        if (value != null && (value < MIN_SECONDS || value > MAX_SECONDS)) {
            v.add(field, "must be between " + MIN_SECONDS + " and " + MAX_SECONDS + " seconds");
        }
    }

    /** The poll interval override in seconds; null for the default. */
    public Long pollIntervalSeconds() {
        return seconds(pollInterval);
    }

    /** The bundle lifetime override in seconds; null for the default. */
    public Long bundleLifetimeSeconds() {
        return seconds(bundleLifetime);
    }

    /** The promote threshold, {@link App#DEFAULT_PROMOTE_ADOPTION_PERCENT} when not overridden. */
    public int promoteAdoptionPercentOrDefault() {
        return promoteAdoptionPercent == null ? App.DEFAULT_PROMOTE_ADOPTION_PERCENT : promoteAdoptionPercent;
    }

    private static Duration duration(Long s) {
        return s == null ? null : Duration.ofSeconds(s);
    }

    private static Long seconds(Duration d) {
        return d == null ? null : d.toSeconds();
    }
}
