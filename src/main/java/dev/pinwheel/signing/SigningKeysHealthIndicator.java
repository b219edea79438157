package dev.pinwheel.signing;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * Health {@code signingKeys}: UP when the active key can be decrypted with the master key, signs a
 * probe, and the signature verifies against the published public key of that kid (what clients
 * check). DOWN otherwise, with the kind of failure only. The result is computed at most once per
 * {@code pinwheel.signing.health-check-interval} and reused meanwhile (detail {@code checkedAt}),
 * concurrent calls included. A DOWN result is reused for at most {@link #DOWN_RECHECK} only: when
 * the cause goes away (a database outage ends), the service reports UP again within a second instead
 * of a whole interval later, and still probes at most once a second.
 *
 * <p><b>Warning:</b> {@code /actuator/health} is public and its status includes this indicator:
 * never let a call trigger a decryption and signature by itself, or anonymous callers can make the
 * service sign at will. Details never carry key material or exception messages.
 */
@Component
class SigningKeysHealthIndicator implements HealthIndicator {

    /** How long a DOWN result is reused at most. */
    static final Duration DOWN_RECHECK = Duration.ofSeconds(1);

    private static final byte[] PROBE = "{\"probe\":\"pinwheel-health\"}".getBytes(StandardCharsets.UTF_8);

    private final BundleSigner signer;
    private final SigningKeys keys;
    private final Clock clock;
    private final long intervalNanos;
    private final AtomicLong probes = new AtomicLong();
    private Health cached;
    private long checkedAtNanos;

    SigningKeysHealthIndicator(BundleSigner signer, SigningKeys keys, SigningProperties properties, Clock clock) {
        this.signer = signer;
        this.clock = clock;
        this.keys = keys;
        this.intervalNanos = properties.healthCheckInterval().toNanos();
    }

    @Override
    public synchronized Health health() {
        long now = System.nanoTime();
        long reuseNanos = cached != null && Status.UP.equals(cached.getStatus())
                ? intervalNanos
                : Math.min(intervalNanos, DOWN_RECHECK.toNanos());
        if (cached == null || now - checkedAtNanos >= reuseNanos) {
            probes.incrementAndGet();
            Health fresh = probe();
            cached = Health.status(fresh.getStatus())
                    .withDetails(fresh.getDetails())
                    .withDetail("checkedAt", clock.instant().toString())
                    .build();
            checkedAtNanos = now;
        }
        return cached;
    }

    /** How many times the probe was signed (for tests: the public endpoint must not drive it). */
    long probes() {
        return probes.get();
    }

    private Health probe() {
        try {
            BundleSigner.SignedJws signed = signer.sign(PROBE);
            Map<String, Object> jwk = keys.publishedJwks().stream()
                    .filter(k -> signed.kid().equals(k.get("kid")))
                    .findFirst()
                    .orElse(null);
            if (jwk == null) {
                return Health.down()
                        .withDetail("activeKid", signed.kid())
                        .withDetail("error", "the active key is not among the published keys")
                        .build();
            }
            boolean valid = JWSObject.parse(signed.compact()).verify(new ECDSAVerifier(ECKey.parse(jwk)));
            return (valid ? Health.up() : Health.down().withDetail("error", "probe signature does not verify"))
                    .withDetail("activeKid", signed.kid())
                    .build();
        } catch (Exception e) {
            return Health.down()
                    .withDetail("error", e.getClass().getSimpleName())
                    .build();
        }
    }
}
