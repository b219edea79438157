package dev.pinwheel.core;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Token buckets per client key, in memory (per replica): {@code capacity} tokens at once, then one
 * more every {@code refillNanos}. Tracks at most {@code maxClients} keys; the least recently seen
 * are forgotten first (a forgotten key starts again with a full bucket), so memory stays bounded
 * however many clients call. Times are nanoseconds on one scale chosen by the caller. Not
 * thread-safe: callers synchronize.
 */
public final class ClientBuckets {

    private final int capacity;
    private final long refillNanos;
    private final Map<String, Bucket> buckets;

    public ClientBuckets(int capacity, long refillNanos, int maxClients) {
        this.capacity = capacity;
        this.refillNanos = Math.max(1, refillNanos);
        this.buckets = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > maxClients;
            }
        };
    }

    /** Takes one token: empty when the client had one, else how long until its next one. */
    public Optional<Duration> take(String client, long nowNanos) {
        Bucket b = bucket(client, nowNanos);
        if (b.tokens >= 1) {
            b.tokens -= 1;
            return Optional.empty();
        }
        return Optional.of(untilNextToken(b));
    }

    /** Takes nothing: empty when the client has a token now (an unknown one has), else how long until it has. */
    public Optional<Duration> waitFor(String client, long nowNanos) {
        Bucket b = buckets.get(client);
        if (b == null) {
            return Optional.empty();
        }
        b.refill(nowNanos, capacity, refillNanos);
        return b.tokens >= 1 ? Optional.empty() : Optional.of(untilNextToken(b));
    }

    /** Takes one token if the client has one; an empty bucket stays empty. */
    public void drain(String client, long nowNanos) {
        Bucket b = bucket(client, nowNanos);
        b.tokens = Math.max(0, b.tokens - 1);
    }

    private Bucket bucket(String client, long nowNanos) {
        Bucket b = buckets.computeIfAbsent(client, c -> new Bucket(capacity, nowNanos));
        b.refill(nowNanos, capacity, refillNanos);
        return b;
    }

    private Duration untilNextToken(Bucket b) {
        return Duration.ofNanos(Math.max(1, (long) Math.ceil((1 - b.tokens) * refillNanos)));
    }

    private static final class Bucket {
        double tokens;
        long last;

        Bucket(double tokens, long last) {
            this.tokens = tokens;
            this.last = last;
        }

        void refill(long now, int capacity, long refillNanos) {
            if (now > last) {
                tokens = Math.min(capacity, tokens + (double) (now - last) / refillNanos);
                last = now;
            }
        }
    }
}
