package dev.pinwheel.trust;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.pinwheel.support.TrustDocuments;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** {@code trustExpiry}: warns ahead of the key set's and the root's expiry, DOWN once either has passed. */
class TrustExpiryHealthIndicatorTests {

    static final String ISS = "https://pins.example.test";
    final Instant now = Instant.now();
    final ECKey root = TrustDocuments.rootKey();
    final TrustChain chain = chain(now.plus(Duration.ofDays(30)));

    @Test
    void upWithoutWarningsWhileEverythingIsFarFromExpiry() {
        Health h = health(chain, now);
        assertThat(h.getStatus()).isEqualTo(Status.UP);
        assertThat(h.getDetails())
                .containsEntry("rootVersion", 1)
                .containsEntry("keySetVersion", 1L)
                .doesNotContainKey("warnings");
    }

    @Test
    void warnsWhenTheKeySetExpiresWithinTheWarningPeriod() {
        Health h = health(chain, now.plus(Duration.ofDays(20)));
        assertThat(h.getStatus()).isEqualTo(Status.UP);
        assertThat(h.getDetails().get("warnings").toString())
                .contains("key set version 1 expires at")
                .contains("sign a new one");
    }

    @Test
    void downOnceTheKeySetHasExpired() {
        Health h = health(chain, now.plus(Duration.ofDays(31)));
        assertThat(h.getStatus()).isEqualTo(Status.DOWN);
        assertThat(h.getDetails().get("expired").toString()).contains("key set version 1 expired at");
    }

    @Test
    void downOnceTheRootHasExpiredAndUnconfiguredWithoutARoot() {
        assertThat(health(chain, now.plus(Duration.ofDays(400)))
                        .getDetails()
                        .get("expired")
                        .toString())
                .contains("root version 1 expired at");
        Health empty = health(TrustChain.EMPTY, now);
        assertThat(empty.getStatus()).isEqualTo(Status.UP);
        assertThat(empty.getDetails()).containsEntry("configured", false);
    }

    private Health health(TrustChain c, Instant at) {
        PublishedTrust published = new PublishedTrust(null, null) {
            @Override
            public Snapshot current() {
                return new Snapshot(c, Map.of(), null, null);
            }
        };
        TrustProperties properties = new TrustProperties(
                false,
                false,
                Duration.ofDays(365),
                Duration.ofDays(30),
                Duration.ofDays(14),
                Duration.ofMinutes(5),
                Duration.ofSeconds(30),
                Duration.ofHours(1));
        return new TrustExpiryHealthIndicator(published, properties, Clock.fixed(at, ZoneOffset.UTC)).health();
    }

    private TrustChain chain(Instant keySetExp) {
        TrustVerifier.RootVersion v1 =
                TrustVerifier.verifyRoot(TrustDocuments.root(ISS, 1, 1, List.of(root), List.of(root)), null);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", "key-set");
        p.put("iss", ISS);
        p.put("version", 1);
        p.put("rootVersion", 1);
        p.put("iat", now.getEpochSecond());
        p.put("exp", keySetExp.getEpochSecond());
        Map<String, Object> jwk =
                new LinkedHashMap<>(TrustDocuments.rootKey().toPublicJWK().toJSONObject());
        jwk.put("state", "active");
        p.put("keys", List.of(jwk));
        TrustVerifier.KeySet keySet = TrustVerifier.verifyKeySet(
                TrustDocuments.sign(
                        JSONObjectUtils.toJSONString(p).getBytes(StandardCharsets.UTF_8),
                        TrustDocuments.KEY_SET_TYPE,
                        List.of(root)),
                v1);
        return new TrustChain(List.of(v1), keySet);
    }
}
