package dev.pinwheel.security;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Slows down guessing of token secrets: a token bucket per client address that only failed
 * lookups (unknown, revoked or expired secrets) drain. {@code limit} failures at once, then one
 * more every {@code period / limit}; while an address's bucket is empty, its bearer requests get
 * 429 without a lookup. Valid tokens drain nothing, so they never slow down anyone. In memory,
 * per replica; at most {@code maxClients} addresses are tracked (the least recently seen are
 * forgotten first), so memory stays bounded whatever the number of callers.
 */
final class FailedTokenThrottle {

    private final int capacity;
    private final long refillNanos;
    private final Map<String, Bucket> buckets;

    FailedTokenThrottle(SecurityProperties.FailedTokens settings) {
        this.capacity = settings.limit();
        this.refillNanos = Math.max(1, settings.period().toNanos() / settings.limit());
        int maxClients = settings.maxClients();
        this.buckets = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > maxClients;
            }
        };
    }

    /** Empty when the client may try a token now, else how long until it may. */
    synchronized Optional<Duration> waitFor(String client, long nowNanos) {
        Bucket b = buckets.get(client);
        if (b == null) {
            return Optional.empty();
        }
        b.refill(nowNanos, capacity, refillNanos);
        if (b.tokens >= 1) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(Math.max(1, (long) Math.ceil((1 - b.tokens) * refillNanos))));
    }

    /** Records a failed lookup by the client. */
    synchronized void failed(String client, long nowNanos) {
        Bucket b = buckets.computeIfAbsent(client, c -> new Bucket(capacity, nowNanos));
        b.refill(nowNanos, capacity, refillNanos);
        b.tokens = Math.max(0, b.tokens - 1);
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
