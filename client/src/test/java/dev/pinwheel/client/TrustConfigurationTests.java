package dev.pinwheel.client;

import static dev.pinwheel.client.BundleRejectedException.Reason.KEY_SET_UNTRUSTED;
import static dev.pinwheel.client.BundleRejectedException.Reason.UNKNOWN_KEY;
import static dev.pinwheel.client.TestBundles.bundle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What an app ships as its root of trust: refused at configuration time when unusable, used as shipped otherwise. */
class TrustConfigurationTests {

    static final Instant NOW = Instant.now();
    static final ECKey R1 = TestTrust.key();
    static final ECKey R2 = TestTrust.key();

    private static PinwheelConfig.Builder app() {
        return PinwheelConfig.builder()
                .appId(TestBundles.APP)
                .bundleUrl("https://pins.example.test/v1/apps/banking/bundle");
    }

    @Test
    void refusesRootKeysThatCarryAPrivateKey() {
        String withPrivate = new JWKSet(R1).toString(false);
        assertThatThrownBy(() -> app().rootKeys(withPrivate, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("private key material")
                .hasMessageNotContaining(R1.getD().toString());
    }

    @Test
    void refusesARootKeyWhoseKidIsNotItsThumbprint() {
        String renamed =
                new JWKSet(new ECKey.Builder(R1.toPublicJWK()).keyID("root-1").build()).toString();
        assertThatThrownBy(() -> app().rootKeys(renamed, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kid root-1 is not the key's RFC 7638 thumbprint");
    }

    @Test
    void refusesAThresholdOutsideOneToTheNumberOfKeys() {
        String two = TestTrust.rootJwks(R1, R2);
        assertThatThrownBy(() -> app().rootKeys(two, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("threshold 3 must be between 1 and the 2 root keys");
        assertThatThrownBy(() -> app().rootKeys(two, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> app().rootKeys(two, 1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("root version must be at least 1");
    }

    @Test
    void needsExactlyOneRootOfTrust() {
        assertThatThrownBy(() -> app().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("rootKeys or rootDocument is required");
        @SuppressWarnings("deprecation")
        PinwheelConfig.Builder both = app().rootKeys(TestTrust.rootJwks(), 1).trustedJwks(TestBundles.jwks());
        assertThatThrownBy(both::build)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("only one of rootKeys, rootDocument and trustedJwks");
    }

    @Test
    void refusesABaselineBundleWithoutTheKeySetThatListsItsKey() {
        String baseline = bundle(1, NOW).sign();
        assertThatThrownBy(() -> app().rootKeys(TestTrust.rootJwks(), 1)
                        .baselineBundle(baseline)
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("baseline key set");
    }

    @Test
    void refusesAShippedRootDocumentBelowItsOwnThreshold() {
        String root = TestTrust.root(1, 2, List.of(R1, R2), NOW, R1);
        PinwheelConfig config = app().rootDocument(root).build();
        assertThatThrownBy(() -> PinwheelClient.create(config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("signed by 1 trusted root key(s), the threshold is 2");
    }

    @Test
    void startsFromAShippedRootDocumentOfAnyVersion() {
        String root3 = TestTrust.root(3, 2, List.of(R1, R2), NOW, R1, R2);
        String keySet = TestTrust.keySet(4, 3, NOW, NOW.plus(Duration.ofDays(30)), List.of(TestBundles.KEY), R1, R2);
        try (PinwheelClient client = PinwheelClient.create(app().rootDocument(root3)
                .baselineKeySet(keySet)
                .baselineBundle(bundle(7, NOW).sign())
                .build())) {
            assertThat(client.rootVersion()).isEqualTo(3);
            assertThat(client.keySetVersion()).isEqualTo(4);
            assertThat(client.bundle().orElseThrow().seq()).isEqualTo(7);
        }
    }

    @Test
    void ignoresABaselineKeySetThatTheShippedRootDidNotSign() {
        RecordingListener listener = new RecordingListener();
        ECKey stranger = TestTrust.key();
        String keySet = TestTrust.keySet(1, 1, NOW, NOW.plus(Duration.ofDays(30)), List.of(TestBundles.KEY), stranger);
        try (PinwheelClient client = PinwheelClient.create(app().rootKeys(TestTrust.rootJwks(), 1)
                .baselineKeySet(keySet)
                .baselineBundle(bundle(7, NOW).sign())
                .listener(listener)
                .build())) {
            assertThat(client.bundle()).isEmpty();
            assertThat(client.keySetVersion()).isZero();
            assertThat(listener.rejected)
                    .extracting(BundleRejectedException::reason)
                    .containsExactly(KEY_SET_UNTRUSTED, UNKNOWN_KEY);
        }
    }
}
