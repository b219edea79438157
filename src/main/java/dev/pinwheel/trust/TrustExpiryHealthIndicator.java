package dev.pinwheel.trust;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health {@code trustExpiry}: DOWN when the served key set or the newest root version has expired
 * (clients refuse the key set: no new signing key can be introduced), UP otherwise, with a
 * {@code warnings} detail once either expires within {@code pinwheel.trust.expiry-warning}, so that an
 * operator re-signs in time. UP with {@code configured: false} while no root exists.
 */
@Component
class TrustExpiryHealthIndicator implements HealthIndicator {

    private final PublishedTrust trust;
    private final TrustProperties properties;
    private final Clock clock;

    TrustExpiryHealthIndicator(PublishedTrust trust, TrustProperties properties, Clock clock) {
        this.trust = trust;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public Health health() {
        TrustChain chain = trust.current().chain();
        if (chain.latestRoot().isEmpty()) {
            return Health.up().withDetail("configured", false).build();
        }
        Instant now = clock.instant();
        Instant warnBefore = now.plus(properties.expiryWarning());
        TrustVerifier.RootVersion root = chain.latestRoot().get();
        List<String> expired = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        check("root version " + root.version(), root.expiresAt(), now, warnBefore, expired, warnings);
        Health.Builder h;
        if (chain.keySet() == null) {
            warnings.add("no key set is served yet: endorse the proposal (GET /admin/v1/trust/key-set/proposal)");
        } else {
            check(
                    "key set version " + chain.keySet().version(),
                    chain.keySet().expiresAt(),
                    now,
                    warnBefore,
                    expired,
                    warnings);
        }
        h = expired.isEmpty() ? Health.up() : Health.down().withDetail("expired", expired);
        h.withDetail("rootVersion", root.version())
                .withDetail("rootExpiresAt", root.expiresAt().toString());
        if (chain.keySet() != null) {
            h.withDetail("keySetVersion", chain.keySet().version())
                    .withDetail("keySetExpiresAt", chain.keySet().expiresAt().toString());
        }
        if (!warnings.isEmpty()) {
            h.withDetail("warnings", warnings);
        }
        return h.build();
    }

    private static void check(
            String what,
            Instant expiresAt,
            Instant now,
            Instant warnBefore,
            List<String> expired,
            List<String> warnings) {
        if (!expiresAt.isAfter(now)) {
            expired.add(what + " expired at " + expiresAt);
        } else if (!expiresAt.isAfter(warnBefore)) {
            warnings.add(what + " expires at " + expiresAt + ": sign a new one before then");
        }
    }
}
