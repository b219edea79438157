package dev.pinwheel.client;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Decides whether a pin mismatch may refresh the bundle at once. Two limits, both must allow it:
 *
 * <ul>
 *   <li>per host and port: at most one refresh per interval while the held bundle stays the same —
 *       a refused man in the middle on one host costs that host's refresh only, never another's.
 *       Every refresh counts, including one that fetched nothing new (304 or the same seq); but
 *       when a newer bundle is accepted by any means the per-host marks are forgotten
 *       ({@link #bundleChanged()}), since the pins they were asked against have changed;</li>
 *   <li>globally: a token bucket of {@code budget} refreshes, refilled at {@code budget} per
 *       {@code period}, so mismatches on many hosts cannot make the client hammer the service.
 *       A newer bundle does not refill it.</li>
 * </ul>
 *
 * <p>Not thread-safe: the client calls it under its refresh lock. A clock that moves back is
 * treated as standing still (no mark blocks "before" it was made, no tokens are refilled).
 */
final class MismatchRefreshLimiter {

    /** More marked hosts than this and the expired marks are dropped (all of them if none expired). */
    static final int MAX_MARKED_HOSTS = 1024;

    private final Duration perHostInterval;
    private final int budget;
    private final Duration period;
    private final long periodNanos;
    private final Map<String, Instant> marks = new HashMap<>();
    private double tokens;
    private Instant lastRefill;

    MismatchRefreshLimiter(Duration perHostInterval, int budget, Duration period) {
        if (perHostInterval.isNegative()) {
            throw new IllegalArgumentException("perHostInterval must not be negative");
        }
        if (budget < 1 || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("budget and period must be positive");
        }
        this.perHostInterval = perHostInterval;
        this.budget = budget;
        this.period = period;
        this.periodNanos = period.toNanos();
        this.tokens = budget;
    }

    /**
     * Whether a mismatch on {@code hostPort} may refresh now. When true, a global token is taken;
     * call {@link #refreshed} once the refresh has run (whatever it fetched).
     */
    boolean tryAcquire(String hostPort, Instant now) {
        Instant mark = marks.get(hostPort);
        if (mark != null && !now.isBefore(mark) && now.isBefore(mark.plus(perHostInterval))) {
            return false;
        }
        refill(now);
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }

    /** Marks {@code hostPort} as refreshed at {@code now}: no further mismatch refresh for it within the interval. */
    void refreshed(String hostPort, Instant now) {
        if (marks.size() >= MAX_MARKED_HOSTS && !marks.containsKey(hostPort)) {
            marks.values().removeIf(mark -> !now.isBefore(mark.plus(perHostInterval)) || now.isBefore(mark));
            if (marks.size() >= MAX_MARKED_HOSTS) {
                marks.clear(); // the global bucket still bounds the refreshes
            }
        }
        marks.put(hostPort, now);
    }

    /** A newer bundle was accepted: the pins changed, so every host may refresh again. */
    void bundleChanged() {
        marks.clear();
    }

    /** Whole tokens left now (for tests). */
    int tokensLeft(Instant now) {
        refill(now);
        return (int) tokens;
    }

    private void refill(Instant now) {
        if (lastRefill == null || now.isBefore(lastRefill)) {
            lastRefill = now;
            return;
        }
        Duration elapsed = Duration.between(lastRefill, now);
        lastRefill = now;
        tokens = elapsed.compareTo(period) >= 0
                ? budget
                : Math.min(budget, tokens + (double) elapsed.toNanos() * budget / periodNanos);
    }
}
