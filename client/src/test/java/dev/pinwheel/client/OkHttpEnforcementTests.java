package dev.pinwheel.client;

import static dev.pinwheel.client.TestBundles.bundle;
import static dev.pinwheel.client.TestBundles.unusedPin;
import static dev.pinwheel.client.TlsFixture.HOST;
import static dev.pinwheel.client.TlsFixture.KEY_A;
import static dev.pinwheel.client.TlsFixture.KEY_B;
import static dev.pinwheel.client.TlsFixture.KEY_C;
import static dev.pinwheel.client.TlsFixture.SUB_HOST;
import static dev.pinwheel.client.TlsFixture.pin;
import static dev.pinwheel.client.TlsFixture.url;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pins enforced by {@link PinwheelOkHttp} on real TLS connections to servers on 127.0.0.1. */
class OkHttpEnforcementTests {

    static final Instant NOW = Instant.now();

    final TlsFixture tls = newFixture();
    final MutableClock clock = new MutableClock(NOW);
    final RecordingListener listener = new RecordingListener();
    PinwheelClient pinwheel;
    OkHttpClient http;

    private static TlsFixture newFixture() {
        try {
            return new TlsFixture();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void tearDown() {
        if (pinwheel != null) {
            pinwheel.close();
        }
        tls.close();
    }

    private void holding(String baseline) {
        pinwheel = PinwheelClient.create(
                tls.config(listener, clock).baselineBundle(baseline).build());
        tls.servedBundle.set(baseline);
        http = PinwheelOkHttp.install(TlsFixture.appHttp(), pinwheel).build();
    }

    private TestBundles.Builder bundleOf(long seq) {
        return bundle(seq, NOW.minusSeconds(60)).claim("reportUri", tls.reportUri());
    }

    private String get(MockWebServer server, String host) throws IOException {
        try (Response response = http.newCall(
                        new Request.Builder().url(url(server, host)).build())
                .execute()) {
            return response.code() + " " + response.body().string();
        }
    }

    @Test
    void acceptsTheServerHoldingAPinnedKey() throws Exception {
        holding(bundleOf(1)
                .domain(HOST, false, "enforce", pin(KEY_A), unusedPin(1))
                .sign());

        assertThat(get(tls.serverA, HOST)).isEqualTo("200 hello from " + HOST);
        assertThat(listener.pinFailures).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void refusesAManInTheMiddleWithACertificateFromATrustedCa() throws Exception {
        holding(bundleOf(1)
                .domain(HOST, false, "enforce", pin(KEY_A), unusedPin(1))
                .sign());

        assertThatThrownBy(() -> get(tls.serverC, HOST))
                .isInstanceOf(PinMismatchException.class)
                .hasMessageContaining("sha256/" + pin(KEY_C))
                .hasMessageContaining(HOST);
        assertThat(tls.serverC.getRequestCount())
                .as("the request never reached the MITM")
                .isZero();
        assertThat(listener.pinFailures).singleElement().satisfies(f -> {
            assertThat(f.hostname()).isEqualTo(HOST);
            assertThat(f.mode()).isEqualTo(PinMode.ENFORCE);
            assertThat(f.servedPins()).first().isEqualTo(pin(KEY_C));
        });
        Map<String, Object> report = tls.takeReport();
        assertThat(report)
                .containsEntry("hostname", HOST)
                .containsEntry("noted-hostname", HOST)
                .containsEntry("port", (long) tls.serverC.getPort())
                .containsEntry("include-subdomains", false)
                .containsEntry("app-version", "4.2.0")
                .containsEntry("platform", "jvm-test")
                .containsEntry("bundle-seq", 1L)
                .containsKeys(
                        "date-time",
                        "effective-expiration-date",
                        "served-certificate-chain",
                        "validated-certificate-chain");
        assertThat((List<Object>) report.get("known-pins")).contains((Object) "pin-sha256=\"" + pin(KEY_A) + "\"");
        assertThat((List<?>) report.get("validated-certificate-chain")).hasSize(3);
        assertThat((String) ((List<?>) report.get("served-certificate-chain")).get(0))
                .startsWith("-----BEGIN CERTIFICATE-----\n");
    }

    @Test
    void ignoresAPinnedCertificateThatTheServerOnlyAppendsToItsChain() throws Exception {
        MockWebServer sneaky = TlsFixture.https(
                KEY_C, KEY_C.certificate(), TlsFixture.INTERMEDIATE.certificate(), KEY_A.certificate());
        sneaky.start(InetAddress.getByName("127.0.0.1"), 0);
        try {
            holding(bundleOf(1)
                    .domain(HOST, false, "enforce", pin(KEY_A), unusedPin(1))
                    .sign());

            assertThatThrownBy(() -> get(sneaky, HOST)).isInstanceOf(PinMismatchException.class);
        } finally {
            sneaky.close();
        }
    }

    @Test
    void acceptsAnyLeafSignedByAPinnedIntermediate() throws Exception {
        holding(bundleOf(1)
                .domain(HOST, false, "enforce", pin(TlsFixture.INTERMEDIATE), unusedPin(1))
                .sign());

        assertThat(get(tls.serverA, HOST)).startsWith("200");
        assertThat(get(tls.serverC, HOST)).startsWith("200");
    }

    @Test
    void checksPinsOnlyAfterOrdinaryChainValidation() throws Exception {
        MockWebServer untrusted = TlsFixture.https(TlsFixture.SELF_SIGNED, TlsFixture.SELF_SIGNED.certificate());
        untrusted.start(InetAddress.getByName("127.0.0.1"), 0);
        try {
            holding(bundleOf(1)
                    .domain(HOST, false, "enforce", pin(TlsFixture.SELF_SIGNED), unusedPin(1))
                    .sign());

            assertThatThrownBy(() -> get(untrusted, HOST))
                    .isInstanceOf(SSLException.class)
                    .isNotInstanceOf(PinMismatchException.class);
        } finally {
            untrusted.close();
        }
    }

    @Test
    void checksPinsOnlyAfterOrdinaryHostNameValidation() throws Exception {
        holding(bundleOf(1)
                .domain("other.example.test", false, "enforce", pin(KEY_A), unusedPin(1))
                .sign());

        assertThatThrownBy(() -> get(tls.serverA, "other.example.test"))
                .isInstanceOf(SSLPeerUnverifiedException.class)
                .isNotInstanceOf(PinMismatchException.class)
                .hasMessageContaining("Hostname other.example.test not verified");
    }

    @Test
    void enforcesAParentEntryWithIncludeSubdomainsOnSubdomains() throws Exception {
        holding(bundleOf(1)
                .domain("example.test", true, "enforce", pin(KEY_A), unusedPin(1))
                .sign());

        assertThat(get(tls.serverA, SUB_HOST)).startsWith("200");
        assertThatThrownBy(() -> get(tls.serverC, SUB_HOST)).isInstanceOf(PinMismatchException.class);
        assertThat(listener.pinFailures).singleElement().satisfies(f -> {
            assertThat(f.hostname()).isEqualTo(SUB_HOST);
            assertThat(f.notedHost()).isEqualTo("example.test");
        });
    }

    @Test
    void leavesSubdomainsAloneWithoutIncludeSubdomains() throws Exception {
        holding(bundleOf(1)
                .domain(HOST, false, "enforce", pin(KEY_A), unusedPin(1))
                .sign());

        assertThat(get(tls.serverC, SUB_HOST)).startsWith("200");
        assertThatThrownBy(() -> get(tls.serverC, HOST)).isInstanceOf(PinMismatchException.class);
    }

    @Test
    void reportModeReportsAMismatchAndAllowsTheConnection() throws Exception {
        holding(bundleOf(1)
                .domain(HOST, false, "report", pin(KEY_A), unusedPin(1))
                .sign());

        assertThat(get(tls.serverC, HOST)).isEqualTo("200 hello from " + HOST);
        assertThat(listener.pinFailures)
                .singleElement()
                .satisfies(f -> assertThat(f.mode()).isEqualTo(PinMode.REPORT));
        assertThat(tls.takeReport()).containsEntry("hostname", HOST).containsEntry("bundle-seq", 1L);
    }

    @Test
    void sendsAtMostOneReportPerHostAndKeyPerInterval() throws Exception {
        holding(bundleOf(1)
                .domain("example.test", true, "report", pin(KEY_A), unusedPin(1))
                .sign());

        assertThat(get(tls.serverC, HOST)).startsWith("200");
        assertThat(get(tls.serverC, HOST)).startsWith("200");
        assertThat(get(tls.serverC, SUB_HOST)).startsWith("200");

        assertThat(List.of(tls.takeReport().get("hostname"), tls.takeReport().get("hostname")))
                .containsExactlyInAnyOrder(HOST, SUB_HOST);
        assertThat(tls.reportServer.getRequestCount()).isEqualTo(2);
        assertThat(listener.pinFailures).extracting(PinFailure::hostname).containsExactlyInAnyOrder(HOST, SUB_HOST);
    }

    @Test
    void recoversFromAKeySwitchedTooEarlyWithinOneRetry() throws Exception {
        holding(bundleOf(1)
                .domain(HOST, false, "enforce", pin(KEY_A), unusedPin(1))
                .sign());
        // The operator switched the server to B before clients polled the bundle that pins B.
        tls.servedBundle.set(bundleOf(2)
                .domain(HOST, false, "enforce", pin(KEY_A), pin(KEY_B))
                .sign());

        assertThat(get(tls.serverB, HOST)).isEqualTo("200 hello from " + HOST);
        assertThat(pinwheel.bundle().orElseThrow().seq()).isEqualTo(2);
        assertThat(tls.bundleServer.getRequestCount()).isEqualTo(1);
        assertThat(tls.serverB.getRequestCount()).as("only the retry was sent").isEqualTo(1);
        assertThat(listener.pinFailures).isEmpty();
    }

    @Test
    void refreshesOnMismatchAtMostOncePerHostAndInterval() throws Exception {
        holding(bundleOf(1)
                .domain(HOST, false, "enforce", pin(KEY_A), unusedPin(1))
                .sign());

        assertThatThrownBy(() -> get(tls.serverC, HOST)).isInstanceOf(PinMismatchException.class);
        assertThatThrownBy(() -> get(tls.serverC, HOST)).isInstanceOf(PinMismatchException.class);
        assertThat(tls.bundleServer.getRequestCount()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(11)); // default per-host interval: 10 s
        assertThatThrownBy(() -> get(tls.serverC, HOST)).isInstanceOf(PinMismatchException.class);
        assertThat(tls.bundleServer.getRequestCount()).isEqualTo(2);
    }

    @Test
    void pinsFollowTheNewestBundleWithoutRebuildingTheHttpClient() throws Exception {
        holding(bundleOf(1)
                .domain(HOST, false, "enforce", pin(KEY_A), unusedPin(1))
                .sign());
        OkHttpClient sameClient = http;
        assertThat(get(tls.serverA, HOST)).startsWith("200");

        tls.servedBundle.set(bundleOf(2)
                .domain(HOST, false, "enforce", pin(KEY_C), unusedPin(2))
                .sign());
        assertThat(pinwheel.refresh()).isEqualTo(RefreshResult.ACCEPTED);

        assertThat(http).isSameAs(sameClient);
        assertThat(get(tls.serverC, HOST)).startsWith("200");
        assertThatThrownBy(() -> get(tls.serverA, HOST)).isInstanceOf(PinMismatchException.class);
    }

    @Test
    void failsOpenAfterExpPlusMaxStaleAndTellsTheAppAndReports() throws Exception {
        String stale = bundleOf(1)
                .claim("maxStaleSeconds", 86400)
                .domain(HOST, false, "enforce", pin(KEY_A), unusedPin(1))
                .sign();
        holding(stale);
        tls.servedBundle.set(null); // the bundle service is unreachable from here on
        Bundle held = pinwheel.bundle().orElseThrow();

        clock.advance(Duration.between(clock.instant(), held.expiresAt().plus(Duration.ofHours(23)))); // time passes
        assertThat(pinwheel.isEnforcing()).isTrue();
        assertThatThrownBy(() -> get(tls.serverC, HOST)).isInstanceOf(PinMismatchException.class);
        assertThat(listener.failOpen).isEmpty();

        clock.advance(Duration.between(clock.instant(), held.enforcedUntil().plusSeconds(1)));
        assertThat(pinwheel.isEnforcing()).isFalse();
        assertThat(get(tls.serverC, HOST)).startsWith("200");
        assertThat(listener.failOpen).extracting(Bundle::seq).containsExactly(1L);
        await().until(() -> tls.reportServer.getRequestCount() >= 2);
        assertThat(tls.takeReport()).containsEntry("bundle-seq", 1L); // the refused connection
        assertThat(tls.takeReport())
                .containsEntry("bundle-seq", 1L)
                .containsEntry("effective-expiration-date", held.enforcedUntil().toString());
    }

    @Test
    void clockMovedForwardPastMaxStaleWhileBundleEndpointBlocked() throws Exception {
        holding(bundleOf(1)
                .claim("maxStaleSeconds", 86400)
                .domain(HOST, false, "enforce", pin(KEY_A), unusedPin(1))
                .sign());
        tls.servedBundle.set(null); // the attacker blocks the bundle endpoint (503 from here on)
        Bundle held = pinwheel.bundle().orElseThrow();

        // a spoofed time answer moves the wall clock a year past exp + maxStale, in no time at all
        clock.set(held.enforcedUntil().plus(Duration.ofDays(365)));
        assertThat(pinwheel.isEnforcing())
                .as("a wall-clock jump alone does not switch pinning off")
                .isTrue();
        assertThat(pinwheel.refresh()).isEqualTo(RefreshResult.FAILED);
        assertThatThrownBy(() -> get(tls.serverC, HOST)).isInstanceOf(PinMismatchException.class);
        assertThat(get(tls.serverA, HOST)).startsWith("200");
        assertThat(listener.failOpen).isEmpty();
        assertThat(pinwheel.bundle().orElseThrow().seq()).isEqualTo(1);

        // the time really passes (the monotonic clock agrees): then, and only then, the stale bundle fails open
        clock.advance(Duration.between(NOW, held.enforcedUntil()).plusSeconds(1));
        assertThat(pinwheel.isEnforcing()).isFalse();
        assertThat(get(tls.serverC, HOST)).startsWith("200");
        assertThat(listener.failOpen).extracting(Bundle::seq).containsExactly(1L);
    }
}
