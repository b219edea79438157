package dev.pinwheel.reports;

import dev.pinwheel.core.ClientBuckets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A token bucket per client address, in memory (per replica): {@code capacity} requests at once,
 * then one more every {@code refillPeriod}. Tracks at most {@code maxClients} addresses; the least
 * recently seen are forgotten first (a forgotten address starts again with a full bucket), so
 * memory stays bounded however many addresses call.
 */
public final class ClientRateLimiter {

    private final Clock clock;
    private final ClientBuckets buckets;

    public ClientRateLimiter(ReportProperties.RateLimit limit, Clock clock) {
        this.clock = clock;
        this.buckets = new ClientBuckets(limit.capacity(), limit.refillPeriod().toNanos(), limit.maxClients());
    }

    /**
     * Takes one token for the client.
     *
     * @return empty when the request may proceed, else how long until the next token is available
     */
    public synchronized Optional<Duration> tryAcquire(String client) {
        Instant now = clock.instant();
        return buckets.take(client, now.getEpochSecond() * 1_000_000_000L + now.getNano());
    }
}
