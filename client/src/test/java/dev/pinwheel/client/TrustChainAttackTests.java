package dev.pinwheel.client;

import static dev.pinwheel.client.BundleRejectedException.Reason.KEY_SET_EXPIRED;
import static dev.pinwheel.client.BundleRejectedException.Reason.KEY_SET_ROLLBACK;
import static dev.pinwheel.client.BundleRejectedException.Reason.KEY_SET_UNTRUSTED;
import static dev.pinwheel.client.BundleRejectedException.Reason.ROOT_REJECTED;
import static dev.pinwheel.client.BundleRejectedException.Reason.ROOT_ROLLBACK;
import static dev.pinwheel.client.BundleRejectedException.Reason.TRUST_UNAVAILABLE;
import static dev.pinwheel.client.BundleRejectedException.Reason.UNKNOWN_KEY;
import static dev.pinwheel.client.TestBundles.bundle;
import static dev.pinwheel.client.TestBundles.unusedPin;
import static dev.pinwheel.client.TestTrust.keySet;
import static dev.pinwheel.client.TestTrust.root;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.ECKey;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attacks on the trust chain (root versions -> key set -> bundle). The app ships root version 1
 * (two root keys, threshold 2), key set version 1 (signing key S1) and bundle seq 5 signed by S1.
 * A bundle signed by another key makes the client fetch the key set from the service (here a
 * MockWebServer whose answers each test sets) and walk the root versions. Every attack is refused
 * and the last good state — root, key set and bundle, in memory and in the store — is kept.
 */
class TrustChainAttackTests {

    static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    static final Instant IAT = NOW.minus(Duration.ofDays(10));
    static final Instant EXP = NOW.plus(Duration.ofDays(30));

    static final ECKey R1A = TestTrust.key();
    static final ECKey R1B = TestTrust.key();
    static final ECKey R2A = TestTrust.key();
    static final ECKey R2B = TestTrust.key();
    static final ECKey R2C = TestTrust.key();
    static final ECKey R3 = TestTrust.key();
    static final ECKey S1 = TestBundles.KEY;
    static final ECKey S2 = TestTrust.key();
    static final ECKey S3 = TestTrust.key();
    static final ECKey STRANGER = TestTrust.key();

    static final String ROOT_1 = root(1, 2, List.of(R1A, R1B), IAT, R1A, R1B);
    static final String KEY_SET_1 = keySet(1, 1, IAT, EXP, List.of(S1), R1A, R1B);
    /** Root version 2 (three keys, threshold 2), properly signed by version 1 and by itself. */
    static final String ROOT_2 = root(2, 2, List.of(R2A, R2B, R2C), IAT.plusSeconds(60), R1A, R1B, R2A, R2B);
    /** Root version 3 (one key), properly signed: every version-1 key is gone. */
    static final String ROOT_3 = root(3, 1, List.of(R3), IAT.plusSeconds(120), R2A, R2C, R3);

    final MutableClock clock = new MutableClock(NOW);
    final RecordingListener listener = new RecordingListener();
    final Map<String, String> served = new ConcurrentHashMap<>();
    final String held = signedBy(S1, 5);
    MockWebServer server;
    PinwheelClient client;

    @TempDir
    Path dir;

    @BeforeEach
    void setUp() throws IOException {
        server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String body = served.get(request.getUrl().encodedPath());
                return body == null
                        ? new MockResponse.Builder().code(404).build()
                        : new MockResponse.Builder().body(body).build();
            }
        });
        server.start();
        served.put("/v1/trust/roots/1", ROOT_1);
        served.put("/v1/trust/key-set", KEY_SET_1);
        client = PinwheelClient.create(config().build());
        assertState(1, 1, 5);
    }

    @AfterEach
    void tearDown() {
        client.close();
        server.close();
    }

    private PinwheelConfig.Builder config() {
        return PinwheelConfig.builder()
                .appId(TestBundles.APP)
                .bundleUrl(server.url("/v1/apps/banking/bundle").toString())
                .rootKeys(TestTrust.rootJwks(R1A, R1B), 2)
                .baselineKeySet(KEY_SET_1)
                .baselineBundle(held)
                .store(new FileBundleStore(dir.resolve("banking.state")))
                .clock(clock)
                .monotonicClock(clock::nanoTime)
                .listener(listener);
    }

    private static String signedBy(ECKey key, long seq) {
        return bundle(seq, NOW.minus(Duration.ofDays(1)).plusSeconds(seq))
                .domain("api.example.test", false, "enforce", unusedPin((int) seq), unusedPin(100))
                .signedWith(key, key.getKeyID())
                .sign();
    }

    /** The client holds root {@code root}, key set {@code keySet} and bundle {@code seq}, and so does its store. */
    private void assertState(long root, long keySet, long seq) {
        assertThat(client.rootVersion()).as("root version").isEqualTo(root);
        assertThat(client.keySetVersion()).as("key set version").isEqualTo(keySet);
        assertThat(client.bundle())
                .hasValueSatisfying(b -> assertThat(b.seq()).as("bundle seq").isEqualTo(seq));
        assertThat(client.isEnforcing()).isTrue();
        try (PinwheelClient restarted = PinwheelClient.create(config().build())) {
            assertThat(restarted.rootVersion())
                    .as("root version after a restart")
                    .isEqualTo(root);
            assertThat(restarted.keySetVersion())
                    .as("key set version after a restart")
                    .isEqualTo(keySet);
            assertThat(restarted.bundle().orElseThrow().seq())
                    .as("bundle seq after a restart")
                    .isEqualTo(seq);
        }
    }

    private void assertRefused(String bundle, BundleRejectedException.Reason reason) {
        assertThatThrownBy(() -> client.offer(bundle))
                .isInstanceOfSatisfying(
                        BundleRejectedException.class,
                        e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason));
    }

    // ---- the honest path

    @Test
    void acceptsABundleOfANewSigningKeyOnceTheRootEndorsesItsKeySet() throws Exception {
        served.put("/v1/trust/key-set", keySet(2, 1, IAT.plusSeconds(1), EXP, List.of(S1, S2), R1A, R1B));
        assertThat(client.offer(signedBy(S2, 6))).isTrue();
        assertState(1, 2, 6);
    }

    @Test
    void walksTwoRootVersionsRetiringEveryVersionOneKey() throws Exception {
        served.put("/v1/trust/roots/2", ROOT_2);
        served.put("/v1/trust/roots/3", ROOT_3);
        served.put("/v1/trust/key-set", keySet(2, 3, IAT.plusSeconds(180), EXP, List.of(S2), R3));
        assertThat(client.offer(signedBy(S2, 6))).isTrue();
        assertState(3, 2, 6);
    }

    @Test
    void fetchesTheKeySetForAnUnknownKidAtMostOncePerInterval() {
        String byS2 = signedBy(S2, 6);
        assertRefused(byS2, UNKNOWN_KEY); // the served key set does not list S2
        assertRefused(byS2, TRUST_UNAVAILABLE); // not fetched again within the interval
        int keySetFetches = server.getRequestCount();
        clock.advance(Duration.ofSeconds(31));
        served.put("/v1/trust/key-set", keySet(2, 1, IAT.plusSeconds(1), EXP, List.of(S1, S2), R1A, R1B));
        assertThat(client.bundle().orElseThrow().seq()).isEqualTo(5);
        org.assertj.core.api.Assertions.assertThatCode(() -> client.offer(byS2)).doesNotThrowAnyException();
        assertThat(server.getRequestCount()).isGreaterThan(keySetFetches);
        assertState(1, 2, 6);
    }

    // ---- attacks on the key set

    @Test
    void keySetSignedByNonRootKey() {
        ECKey other = TestTrust.key();
        served.put("/v1/trust/key-set", keySet(2, 1, IAT.plusSeconds(1), EXP, List.of(S2), STRANGER, other));
        assertRefused(signedBy(S2, 6), KEY_SET_UNTRUSTED);
        assertState(1, 1, 5);
    }

    @Test
    void keySetBelowThreshold() {
        served.put("/v1/trust/key-set", keySet(2, 1, IAT.plusSeconds(1), EXP, List.of(S2), R1A));
        assertRefused(signedBy(S2, 6), KEY_SET_UNTRUSTED);
        assertState(1, 1, 5);
    }

    @Test
    void keySetVersionRollback() throws Exception {
        served.put("/v1/trust/key-set", keySet(3, 1, IAT.plusSeconds(3), EXP, List.of(S1, S2), R1A, R1B));
        assertThat(client.offer(signedBy(S2, 6))).isTrue();
        assertState(1, 3, 6);
        // an older key set, genuinely signed, that listed S3 (say, a key since retired as compromised)
        served.put("/v1/trust/key-set", keySet(2, 1, IAT.plusSeconds(2), EXP, List.of(S3), R1A, R1B));
        assertRefused(signedBy(S3, 7), KEY_SET_ROLLBACK);
        // the same version with other contents
        served.put("/v1/trust/key-set", keySet(3, 1, IAT.plusSeconds(3), EXP, List.of(S1, S2, S3), R1A, R1B));
        clock.advance(Duration.ofMinutes(1));
        assertRefused(signedBy(S3, 7), KEY_SET_ROLLBACK);
        assertState(1, 3, 6);
    }

    @Test
    void expiredKeySetReplayed() {
        // a genuine key set, newer than the held one, that listed S2 and has expired since (frozen, replayed)
        served.put(
                "/v1/trust/key-set",
                keySet(2, 1, IAT.plusSeconds(1), NOW.minus(Duration.ofDays(1)), List.of(S1, S2), R1A, R1B));
        assertRefused(signedBy(S2, 6), KEY_SET_EXPIRED);
        assertState(1, 1, 5);
    }

    @Test
    void expiredHeldKeySetIsNotTrustedForNewBundles() {
        clock.advance(Duration.between(NOW, EXP.plusSeconds(1))); // key set 1 (held and served) has expired
        assertRefused(signedBy(S1, 6), KEY_SET_EXPIRED);
        assertThat(client.bundle().orElseThrow().seq()).isEqualTo(5);
        assertThat(client.isEnforcing())
                .as("the held bundle stays enforced until exp + maxStale")
                .isTrue();
    }

    @Test
    void bundleSignedByKeyNotInKeySet() {
        // mix and match: S2 is a genuine signing key of the service (say, listed in /v1/keys),
        // but no key set the root signed lists it
        assertRefused(signedBy(S2, 6), UNKNOWN_KEY);
        assertState(1, 1, 5);
        assertThat(listener.rejected)
                .extracting(BundleRejectedException::reason)
                .containsExactly(UNKNOWN_KEY);
    }

    // ---- attacks on the root chain

    @Test
    void rootChainWithGap() {
        served.put("/v1/trust/roots/2", ROOT_3); // asked for version 2, answered with version 3
        served.put("/v1/trust/key-set", keySet(2, 3, IAT.plusSeconds(180), EXP, List.of(S2), R3));
        assertRefused(signedBy(S2, 6), ROOT_REJECTED);
        assertState(1, 1, 5);
    }

    @Test
    void newRootSignedOnlyByItsOwnKeys() {
        ECKey evil = TestTrust.key();
        served.put("/v1/trust/roots/2", root(2, 1, List.of(evil), IAT.plusSeconds(60), evil));
        served.put("/v1/trust/key-set", keySet(2, 2, IAT.plusSeconds(180), EXP, List.of(S2), evil));
        assertRefused(signedBy(S2, 6), ROOT_REJECTED);
        assertState(1, 1, 5);
    }

    @Test
    void rootVersionRollback() throws Exception {
        served.put("/v1/trust/roots/2", ROOT_2);
        served.put("/v1/trust/key-set", keySet(2, 2, IAT.plusSeconds(180), EXP, List.of(S2), R2A, R2B));
        assertThat(client.offer(signedBy(S2, 6))).isTrue();
        assertState(2, 2, 6);
        // the version-1 root keys (since replaced) sign a newer key set listing the attacker's key
        served.put("/v1/trust/key-set", keySet(3, 1, IAT.plusSeconds(240), EXP, List.of(S3), R1A, R1B));
        assertRefused(signedBy(S3, 7), ROOT_ROLLBACK);
        // and the service's root version 3 URL answering with version 1
        served.put("/v1/trust/roots/3", ROOT_1);
        served.put("/v1/trust/key-set", keySet(3, 3, IAT.plusSeconds(240), EXP, List.of(S3), R1A, R1B));
        clock.advance(Duration.ofMinutes(1));
        assertRefused(signedBy(S3, 7), ROOT_ROLLBACK);
        assertState(2, 2, 6);
    }

    @Test
    void forgedSignatureAmongRootSignatures() {
        // version 2 carries enough genuine signatures (both version-1 keys, R2A and R2C), plus one
        // that claims R2B's kid but was made with another key: the whole document is refused
        ECKey forger = new ECKey.Builder(STRANGER).keyID(R2B.getKeyID()).build();
        served.put(
                "/v1/trust/roots/2",
                root(2, 2, List.of(R2A, R2B, R2C), IAT.plusSeconds(60), R1A, R1B, R2A, R2C, forger));
        served.put("/v1/trust/key-set", keySet(2, 2, IAT.plusSeconds(180), EXP, List.of(S2), R2A, R2C));
        assertRefused(signedBy(S2, 6), ROOT_REJECTED);
        assertState(1, 1, 5);
    }

    @Test
    void tamperedStoreFallsBackToTheShippedState() throws Exception {
        served.put("/v1/trust/key-set", keySet(2, 1, IAT.plusSeconds(1), EXP, List.of(S1, S2), R1A, R1B));
        assertThat(client.offer(signedBy(S2, 6))).isTrue();
        FileBundleStore store = new FileBundleStore(dir.resolve("banking.state"));
        String text = store.load().orElseThrow();
        // someone with file access swaps the stored key set for one signed by a stranger
        store.save(text.replace(
                TrustState.Stored.parse(text).keySet().replace("\"", "\\\""),
                keySet(9, 1, IAT.plusSeconds(1), EXP, List.of(S3), STRANGER).replace("\"", "\\\"")));
        try (PinwheelClient restarted = PinwheelClient.create(config().build())) {
            assertThat(restarted.keySetVersion()).isEqualTo(1);
            assertThat(restarted.bundle().orElseThrow().seq()).isEqualTo(5);
        }
    }

    @Test
    void anAppUpdateShippingTheNewerRootKeepsTheStoredState() throws Exception {
        served.put("/v1/trust/roots/2", ROOT_2);
        String keySet2 = keySet(2, 2, IAT.plusSeconds(180), EXP, List.of(S2), R2A, R2B);
        served.put("/v1/trust/key-set", keySet2);
        String seq6 = signedBy(S2, 6);
        assertThat(client.offer(seq6)).isTrue();
        server.close(); // the update starts offline

        // the new release ships root version 2 itself; the stored chain (versions 1 and 2) is skipped up to it
        try (PinwheelClient updated = PinwheelClient.create(
                config().rootKeys(TestTrust.rootJwks(R1A, R1B), 2).build())) {
            assertThat(updated.rootVersion()).isEqualTo(2);
        }
        PinwheelConfig.Builder release = PinwheelConfig.builder()
                .appId(TestBundles.APP)
                .bundleUrl("https://pins.example.test/v1/apps/banking/bundle")
                .rootDocument(ROOT_2)
                .baselineKeySet(keySet2)
                .baselineBundle(signedBy(S2, 6))
                .listener(listener)
                .store(new FileBundleStore(dir.resolve("banking.state")));
        try (PinwheelClient updated = PinwheelClient.create(release.build())) {
            assertThat(updated.rootVersion()).isEqualTo(2);
            assertThat(updated.keySetVersion()).isEqualTo(2);
            assertThat(updated.bundle().orElseThrow().jws()).isEqualTo(seq6);
        }
        assertThat(listener.rejected).isEmpty();
    }
}
