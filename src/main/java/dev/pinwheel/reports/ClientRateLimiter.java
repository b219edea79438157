package dev.pinwheel.reports;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A token bucket per client address, in memory (per replica): {@code capacity} requests at once,
 * then one more every {@code refillPeriod}. Tracks at most {@code maxClients} addresses; the least
 * recently seen are forgotten first (a forgotten address starts again with a full bucket), so
 * memory stays bounded however many addresses call.
 */
public final class ClientRateLimiter {

    private final int capacity;
    private final long refillNanos;
    private final Clock clock;
    private final Map<String, Bucket> buckets;

    public ClientRateLimiter(ReportProperties.RateLimit limit, Clock clock) {
        this.capacity = limit.capacity();
        this.refillNanos = Math.max(1, limit.refillPeriod().toNanos());
        this.clock = clock;
        int maxClients = limit.maxClients();
        this.buckets = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > maxClients;
            }
        };
    }

    /**
     * Takes one token for the client.
     *
     * @return empty when the request may proceed, else how long until the next token is available
     */
    public synchronized Optional<Duration> tryAcquire(String client) {
        Instant now = clock.instant();
        Bucket bucket = buckets.computeIfAbsent(client, c -> new Bucket(capacity, now));
        bucket.refill(now, capacity, refillNanos);
        if (bucket.tokens >= 1) {
            bucket.tokens -= 1;
            return Optional.empty();
        }
        long waitNanos = (long) Math.ceil((1 - bucket.tokens) * refillNanos);
        return Optional.of(Duration.ofNanos(Math.max(1, waitNanos)));
    }

    private static final class Bucket {
        double tokens;
        Instant last;

        Bucket(double tokens, Instant last) {
            this.tokens = tokens;
            this.last = last;
        }

        void refill(Instant now, int capacity, long refillNanos) {
            if (now.isAfter(last)) {
                double added = (double) Duration.between(last, now).toNanos() / refillNanos;
                tokens = Math.min(capacity, tokens + added);
                last = now;
            }
        }
    }
}
