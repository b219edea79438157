package dev.pinwheel.security;

import dev.pinwheel.core.ClientBuckets;
import java.time.Duration;
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

    private final ClientBuckets buckets;

    FailedTokenThrottle(SecurityProperties.FailedTokens settings) {
        this.buckets = new ClientBuckets(
                settings.limit(), settings.period().toNanos() / settings.limit(), settings.maxClients());
    }

    /** Empty when the client may try a token now, else how long until it may. */
    synchronized Optional<Duration> waitFor(String client, long nowNanos) {
        return buckets.waitFor(client, nowNanos);
    }

    /** Records a failed lookup by the client. */
    synchronized void failed(String client, long nowNanos) {
        buckets.drain(client, nowNanos);
    }
}
