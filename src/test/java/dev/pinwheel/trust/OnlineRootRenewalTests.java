package dev.pinwheel.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.jwk.ECKey;
import dev.pinwheel.support.BundleFixtures;
import dev.pinwheel.support.RunningPinwheel;
import dev.pinwheel.support.TestDatabase;
import dev.pinwheel.support.TrustDocuments;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The online root keeps itself and the key set fresh: past half their lifetime it signs the next root
 * version and a new key set, and a client holding only root version 1 walks the chain to the newest
 * version (each step signed by the previous version's keys and its own) and accepts the key set.
 */
class OnlineRootRenewalTests {

    @Test
    void signsTheNextRootVersionAndKeySetBeforeTheyExpireAndAClientOnVersion1FollowsTheChain() throws Exception {
        try (RunningPinwheel service = RunningPinwheel.start(
                TestDatabase.get().freshSibling().url(),
                "pinwheel.trust.root-lifetime=6s",
                "pinwheel.trust.key-set-lifetime=6s",
                "pinwheel.trust.maintenance-interval=500ms",
                "pinwheel.trust.refresh-interval=300ms")) {
            followsTheChain(service.api());
        }
    }

    private void followsTheChain(BundleFixtures api) throws Exception {
        String v1 = api.fetch("/v1/trust/roots/1").body();
        List<ECKey> held = TrustDocuments.keys(TrustDocuments.payload(v1));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> version(api.fetch("/v1/trust/roots/latest").body()) >= 3);

        String keySet = api.fetch("/v1/trust/key-set").body();
        int target = ((Number) TrustDocuments.payload(keySet).get("rootVersion")).intValue();
        assertThat(target).isGreaterThanOrEqualTo(2);
        for (int v = 2; v <= target; v++) {
            String next = api.fetch("/v1/trust/roots/" + v).body();
            List<ECKey> keys = TrustDocuments.keys(TrustDocuments.payload(next));
            assertThat(TrustDocuments.validSignatures(next, held))
                    .as("root %d by version %d's keys", v, v - 1)
                    .isGreaterThanOrEqualTo(1);
            assertThat(TrustDocuments.validSignatures(next, keys)).isGreaterThanOrEqualTo(1);
            held = keys;
        }
        assertThat(TrustDocuments.validSignatures(keySet, held)).isGreaterThanOrEqualTo(1);
    }

    private static int version(String root) throws Exception {
        return ((Number) TrustDocuments.payload(root).get("version")).intValue();
    }
}
