package dev.pinwheel.client;

import static dev.pinwheel.client.BundleRejectedException.Reason.ALGORITHM_NOT_ALLOWED;
import static dev.pinwheel.client.BundleRejectedException.Reason.BAD_SIGNATURE;
import static dev.pinwheel.client.BundleRejectedException.Reason.EXPIRED;
import static dev.pinwheel.client.BundleRejectedException.Reason.ISSUED_BEFORE_LAST_ACCEPTED;
import static dev.pinwheel.client.BundleRejectedException.Reason.MALFORMED;
import static dev.pinwheel.client.BundleRejectedException.Reason.ROLLBACK;
import static dev.pinwheel.client.BundleRejectedException.Reason.TOO_LARGE;
import static dev.pinwheel.client.BundleRejectedException.Reason.UNKNOWN_KEY;
import static dev.pinwheel.client.BundleRejectedException.Reason.WRONG_AUDIENCE;
import static dev.pinwheel.client.BundleRejectedException.Reason.WRONG_TYPE;
import static dev.pinwheel.client.TestBundles.bundle;
import static dev.pinwheel.client.TestBundles.unusedPin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64URL;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Every attack on the bundle channel is refused and the last good bundle (seq 5) stays in force.
 * The client holds a baseline issued 30 days ago (past its exp, within maxStale, so still enforced).
 */
class BundleAttackTests {

    static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    static final Instant HELD_IAT = NOW.minus(Duration.ofDays(30));

    final MutableClock clock = new MutableClock(NOW);
    final RecordingListener listener = new RecordingListener();
    final String held = bundle(5, HELD_IAT)
            .domain("api.example.test", false, "enforce", unusedPin(1), unusedPin(2))
            .sign();
    MockWebServer server;
    PinwheelClient client;

    @BeforeEach
    void setUp() throws IOException {
        server = new MockWebServer();
        server.start();
        client = PinwheelClient.create(PinwheelConfig.builder()
                .appId(TestBundles.APP)
                .bundleUrl(server.url("/v1/apps/banking/bundle").toString())
                .rootKeys(TestTrust.rootJwks(), 1)
                .baselineKeySet(TestTrust.keySet())
                .baselineBundle(held)
                .clock(clock)
                .monotonicClock(clock::nanoTime)
                .listener(listener)
                .maxBundleBytes(64 * 1024)
                .build());
        assertThat(client.bundle()).hasValueSatisfying(b -> assertThat(b.seq()).isEqualTo(5));
    }

    @AfterEach
    void tearDown() {
        client.close();
        server.close();
    }

    private String fresh(long seq) {
        return bundle(seq, NOW)
                .domain("api.example.test", false, "enforce", unusedPin(3), unusedPin(4))
                .sign();
    }

    private void assertRejectedAndHeldKept(Executable offer, BundleRejectedException.Reason reason) {
        assertThatThrownBy(offer::execute)
                .isInstanceOfSatisfying(
                        BundleRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(reason));
        assertHeldKept();
    }

    private void assertHeldKept() {
        assertThat(client.bundle()).hasValueSatisfying(b -> {
            assertThat(b.seq()).isEqualTo(5);
            assertThat(b.jws()).isEqualTo(held);
        });
        assertThat(client.isEnforcing()).isTrue();
    }

    @Test
    void acceptsAHigherSeqSignedWithAShippedKey() throws Exception {
        assertThat(client.offer(fresh(6))).isTrue();
        assertThat(client.bundle().orElseThrow().seq()).isEqualTo(6);
        assertThat(listener.accepted).extracting(Bundle::seq).containsExactly(6L);
    }

    @Test
    void treatsTheSameSeqAsNoChange() throws Exception {
        assertThat(client.offer(held)).isFalse();
        assertHeldKept();
    }

    @Test
    void rejectsTamperedPayload() {
        String genuine = fresh(6);
        String[] parts = genuine.split("\\.");
        String evilPayload = bundle(6, NOW)
                .domain("api.example.test", false, "enforce", unusedPin(9), unusedPin(8))
                .payloadJson();
        String tampered = parts[0] + "." + Base64URL.encode(evilPayload) + "." + parts[2];
        assertRejectedAndHeldKept(() -> client.offer(tampered), BAD_SIGNATURE);
        assertThat(listener.rejected)
                .extracting(BundleRejectedException::reason)
                .containsExactly(BAD_SIGNATURE);
    }

    @Test
    void rejectsAlgNone() {
        String header = Base64URL.encode("{\"alg\":\"none\",\"kid\":\"test-key-1\",\"typ\":\"pinwheel-bundle+jwt\"}")
                .toString();
        String payload = Base64URL.encode(bundle(6, NOW).payloadJson()).toString();
        assertRejectedAndHeldKept(() -> client.offer(header + "." + payload + "."), ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void rejectsHs256KeyedWithThePublicKey() throws Exception {
        JWSObject forged = new JWSObject(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .keyID("test-key-1")
                        .type(new JOSEObjectType("pinwheel-bundle+jwt"))
                        .build(),
                new Payload(bundle(6, NOW).payloadJson()));
        forged.sign(new MACSigner(TestBundles.KEY.toECPublicKey().getEncoded()));
        assertRejectedAndHeldKept(() -> client.offer(forged.serialize()), ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void rejectsUnknownKid() {
        String foreign =
                bundle(6, NOW).signedWith(TestBundles.OTHER_KEY, "other-key").sign();
        // the client asks for the key set (and the root document of its configured version): neither lists the kid
        server.enqueue(new MockResponse.Builder().body(TestTrust.keySet()).build());
        server.enqueue(new MockResponse.Builder().body(TestTrust.rootDocument()).build());
        assertRejectedAndHeldKept(() -> client.offer(foreign), UNKNOWN_KEY);
    }

    @Test
    void rejectsAForeignKeyClaimingAShippedKid() {
        String forged = bundle(6, NOW)
                .signedWith(TestBundles.OTHER_KEY, TestBundles.KEY.getKeyID())
                .sign();
        assertRejectedAndHeldKept(() -> client.offer(forged), BAD_SIGNATURE);
    }

    @Test
    void rejectsAnotherAppsBundle() {
        String otherApp = bundle(6, NOW).claim("aud", "brokerage").sign();
        assertRejectedAndHeldKept(() -> client.offer(otherApp), WRONG_AUDIENCE);
    }

    @Test
    void rejectsAWrongTyp() throws Exception {
        JWSObject jwt = new JWSObject(
                new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .keyID("test-key-1")
                        .type(JOSEObjectType.JWT)
                        .build(),
                new Payload(bundle(6, NOW).payloadJson()));
        jwt.sign(new com.nimbusds.jose.crypto.ECDSASigner(TestBundles.KEY));
        assertRejectedAndHeldKept(() -> client.offer(jwt.serialize()), WRONG_TYPE);
    }

    @Test
    void rejectsRolledBackBundle() {
        String older = bundle(4, HELD_IAT.minus(Duration.ofDays(1))).sign();
        assertRejectedAndHeldKept(() -> client.offer(older), ROLLBACK);
    }

    @Test
    void rejectsReplayedExpiredBundleFreezeAttack() {
        // A genuine seq 6 issued 20 days ago, expired 6 days ago: newer than what the client holds,
        // but replaying it would freeze the client on old pins.
        Instant iat = NOW.minus(Duration.ofDays(20));
        String frozen = bundle(6, iat).expiresAt(NOW.minus(Duration.ofDays(6))).sign();
        assertRejectedAndHeldKept(() -> client.offer(frozen), EXPIRED);
    }

    @Test
    void rejectsBundleIssuedBeforeLastAcceptedWhenClockIsSetBack() {
        // The device clock is set back 60 days: a genuine old bundle looks unexpired again.
        clock.set(NOW.minus(Duration.ofDays(60)));
        String old = bundle(6, NOW.minus(Duration.ofDays(45)))
                .expiresAt(NOW.minus(Duration.ofDays(31)))
                .sign();
        assertRejectedAndHeldKept(() -> client.offer(old), ISSUED_BEFORE_LAST_ACCEPTED);
    }

    @Test
    void rejectsTruncatedBundle() {
        String genuine = fresh(6);
        assertRejectedAndHeldKept(() -> client.offer(genuine.substring(0, genuine.length() / 2)), MALFORMED);
        assertRejectedAndHeldKept(() -> client.offer(genuine.substring(0, genuine.length() - 5)), BAD_SIGNATURE);
    }

    @Test
    void rejectsGarbageBytes() {
        byte[] garbage = new byte[2048];
        new Random(42).nextBytes(garbage);
        assertRejectedAndHeldKept(() -> client.offer(new String(garbage, StandardCharsets.ISO_8859_1)), MALFORMED);
        assertRejectedAndHeldKept(() -> client.offer("not.a.jws"), MALFORMED);
        assertRejectedAndHeldKept(() -> client.offer("{\"seq\":99}"), MALFORMED);
    }

    @Test
    void rejectsBadPinsInASignedBundle() {
        String badPins = bundle(6, NOW)
                .domain("api.example.test", false, "enforce", "not-base64!")
                .sign();
        assertRejectedAndHeldKept(() -> client.offer(badPins), MALFORMED);
    }

    @Test
    void rejectsGarbageServedByTheBundleUrl() {
        server.enqueue(
                new MockResponse.Builder().body("<html>captive portal</html>").build());
        assertThat(client.refresh()).isEqualTo(RefreshResult.REJECTED);
        assertHeldKept();
    }

    @Test
    void rejectsA10MegabyteResponseWithContentLength() {
        okio.Buffer huge = new okio.Buffer();
        huge.write(new byte[10 * 1024 * 1024]);
        server.enqueue(new MockResponse.Builder().body(huge).build());
        assertThat(client.refresh()).isEqualTo(RefreshResult.REJECTED);
        assertThat(listener.rejected)
                .extracting(BundleRejectedException::reason)
                .containsExactly(TOO_LARGE);
        assertHeldKept();
    }

    @Test
    void rejectsA10MegabyteChunkedResponseWithoutReadingItAll() {
        // No Content-Length; the body never ends on its own. The client must stop at its limit.
        server.enqueue(new MockResponse.Builder()
                .body(new MockResponseBody() {
                    @Override
                    public long getContentLength() {
                        return -1;
                    }

                    @Override
                    public void writeTo(BufferedSink sink) throws IOException {
                        byte[] chunk = new byte[64 * 1024];
                        for (int i = 0; i < 160; i++) { // 10 MiB
                            sink.write(chunk);
                            sink.flush();
                        }
                        while (true) { // and then more, until the client hangs up
                            sink.write(chunk);
                            sink.flush();
                        }
                    }
                })
                .build());
        assertThat(client.refresh()).isEqualTo(RefreshResult.REJECTED);
        assertThat(listener.rejected)
                .extracting(BundleRejectedException::reason)
                .containsExactly(TOO_LARGE);
        assertHeldKept();
    }

    @Test
    void rejectsA10MegabyteBundleOfferedDirectly() {
        assertRejectedAndHeldKept(() -> client.offer("A".repeat(10 * 1024 * 1024)), TOO_LARGE);
    }

    @Test
    void acceptsTheServedBundleAndSendsItsEtagBack() throws Exception {
        server.enqueue(new MockResponse.Builder()
                .setHeader("Content-Type", "application/jose")
                .setHeader("ETag", "\"v6\"")
                .body(fresh(6))
                .build());
        server.enqueue(new MockResponse.Builder().code(304).build());
        assertThat(client.refresh()).isEqualTo(RefreshResult.ACCEPTED);
        assertThat(client.refresh()).isEqualTo(RefreshResult.NOT_MODIFIED);
        assertThat(server.takeRequest().getHeaders().get("If-None-Match")).isNull();
        assertThat(server.takeRequest().getHeaders().get("If-None-Match")).isEqualTo("\"v6\"");
        assertThat(client.bundle().orElseThrow().seq()).isEqualTo(6);
    }

    @Test
    void keepsTheHeldBundleWhenTheServerFails() {
        server.enqueue(new MockResponse.Builder().code(503).build());
        assertThat(client.refresh()).isEqualTo(RefreshResult.FAILED);
        assertThat(listener.fetchFailures).hasSize(1);
        assertHeldKept();
    }
}
