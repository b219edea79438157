package dev.pinwheel.client;

import static dev.pinwheel.client.TestBundles.bundle;
import static dev.pinwheel.client.TestBundles.unusedPin;
import static dev.pinwheel.client.TlsFixture.HOST;
import static dev.pinwheel.client.TlsFixture.KEY_A;
import static dev.pinwheel.client.TlsFixture.KEY_B;
import static dev.pinwheel.client.TlsFixture.KEY_C;
import static dev.pinwheel.client.TlsFixture.SUB_HOST;
import static dev.pinwheel.client.TlsFixture.pin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The refresh on a pin mismatch, limited per host and port and globally, on real TLS connections.
 * "Host X" is one host name and port (a {@link FrontDoor}) whose server is switched: to the MITM
 * (key C, from the trusted CA) when the route is attacked, to server B when the operator deploys
 * the new key. Every call opens a new TLS connection.
 */
class MismatchRefreshTests {

    static final Instant NOW = Instant.now();

    final TlsFixture tls;
    final MutableClock clock = new MutableClock(NOW);
    final RecordingListener listener = new RecordingListener();
    FrontDoor hostX;
    PinwheelClient pinwheel;
    OkHttpClient http;

    MismatchRefreshTests() throws IOException {
        tls = new TlsFixture();
    }

    @BeforeEach
    void openHostX() throws IOException {
        hostX = new FrontDoor(tls.serverA.getPort());
    }

    @AfterEach
    void tearDown() {
        if (pinwheel != null) {
            pinwheel.close();
        }
        hostX.close();
        tls.close();
    }

    private void holding(String baseline, PinwheelConfig.Builder config) {
        pinwheel = PinwheelClient.create(config.baselineBundle(baseline).build());
        tls.servedBundle.set(baseline);
        http = PinwheelOkHttp.install(TlsFixture.appHttp(), pinwheel).build();
    }

    private void holding(String baseline) {
        holding(baseline, tls.config(listener, clock));
    }

    private TestBundles.Builder bundleOf(long seq) {
        return bundle(seq, NOW.minusSeconds(600 - seq)).claim("reportUri", tls.reportUri());
    }

    /** The service publishes a bundle: the bundle URL serves it from now on (the client has not polled it). */
    private void publish(String jws) {
        tls.servedBundle.set(jws);
    }

    private String getX() throws IOException {
        return get("https://" + HOST + ":" + hostX.port() + "/");
    }

    private String get(MockWebServer server, String host) throws IOException {
        return get(TlsFixture.url(server, host));
    }

    private String get(String url) throws IOException {
        http.connectionPool().evictAll(); // a new TLS connection for every call
        try (Response response =
                http.newCall(new Request.Builder().url(url).build()).execute()) {
            return response.code() + " " + response.body().string();
        }
    }

    private long heldSeq() {
        return pinwheel.bundle().orElseThrow().seq();
    }

    @Test
    void recoversFromAnEarlySwitchRightAfterAManInTheMiddleOnTheSameHostWhenThatRefreshFetchedTheNewPins()
            throws Exception {
        holding(bundleOf(1)
                .domain(HOST, false, "enforce", pin(KEY_A), unusedPin(1))
                .sign());
        assertThat(getX()).isEqualTo("200 hello from " + HOST);
        publish(bundleOf(2)
                .domain(HOST, false, "enforce", pin(KEY_A), pin(KEY_B))
                .sign());

        hostX.switchTo(tls.serverC.getPort()); // a man in the middle takes over the route to X
        assertThatThrownBy(this::getX).isInstanceOf(PinMismatchException.class);
        assertThat(tls.serverC.getRequestCount())
                .as("the request never reached the MITM")
                .isZero();
        assertThat(heldSeq())
                .as("the MITM's refresh fetched the bundle pinning B")
                .isEqualTo(2);

        hostX.switchTo(tls.serverB.getPort()); // the operator deploys key B at once
        assertThat(getX()).isEqualTo("200 hello from " + HOST);
        assertThat(tls.serverB.getRequestCount()).isEqualTo(1);
        assertThat(tls.bundleServer.getRequestCount()).isEqualTo(1);
        assertThat(listener.pinFailures).extracting(f -> f.servedPins().get(0)).containsExactly(pin(KEY_C));
    }

    @Test
    void recoversFromAnEarlySwitchRightAfterAManInTheMiddleOnTheSameHostOnceANewerBundleWasAccepted() throws Exception {
        holding(bundleOf(1)
                .domain(HOST, false, "enforce", pin(KEY_A), unusedPin(1))
                .sign());

        hostX.switchTo(tls.serverC.getPort());
        assertThatThrownBy(this::getX).isInstanceOf(PinMismatchException.class);
        assertThatThrownBy(this::getX).isInstanceOf(PinMismatchException.class);
        assertThat(tls.bundleServer.getRequestCount())
                .as("the refresh that brought nothing new still counts for X")
                .isEqualTo(1);

        // A newer bundle (another change) arrives by the ordinary poll: the pins changed, X may refresh again.
        publish(bundleOf(2)
                .domain(HOST, false, "enforce", pin(KEY_A), unusedPin(2))
                .sign());
        assertThat(pinwheel.refresh()).isEqualTo(RefreshResult.ACCEPTED);
        publish(bundleOf(3)
                .domain(HOST, false, "enforce", pin(KEY_A), pin(KEY_B))
                .sign());
        hostX.switchTo(tls.serverB.getPort()); // switched too early: the client holds seq 2, without B

        assertThat(getX()).isEqualTo("200 hello from " + HOST);
        assertThat(heldSeq()).isEqualTo(3);
        assertThat(tls.bundleServer.getRequestCount()).isEqualTo(3); // MITM refresh, poll, X's refresh
        assertThat(tls.serverB.getRequestCount()).as("only the retry was sent").isEqualTo(1);
        assertThat(listener.pinFailures).extracting(PinFailure::hostname).containsExactly(HOST, HOST); // the MITM
    }

    @Test
    void aManInTheMiddleOnOneHostDoesNotBlockTheRecoveryOfAnother() throws Exception {
        holding(bundleOf(1)
                .domain(HOST, false, "enforce", pin(KEY_A), unusedPin(1))
                .domain(SUB_HOST, false, "enforce", pin(KEY_A), unusedPin(2))
                .sign());

        assertThatThrownBy(() -> get(tls.serverC, SUB_HOST)).isInstanceOf(PinMismatchException.class); // host Y
        assertThat(tls.bundleServer.getRequestCount()).isEqualTo(1);

        publish(bundleOf(2)
                .domain(HOST, false, "enforce", pin(KEY_A), pin(KEY_B))
                .domain(SUB_HOST, false, "enforce", pin(KEY_A), unusedPin(2))
                .sign());
        hostX.switchTo(tls.serverB.getPort());

        assertThat(getX()).isEqualTo("200 hello from " + HOST);
        assertThat(heldSeq()).isEqualTo(2);
        assertThat(tls.bundleServer.getRequestCount()).isEqualTo(2);
        assertThat(listener.pinFailures).extracting(PinFailure::hostname).containsExactly(SUB_HOST);
    }

    @Test
    void retriesOnlyOnceAndFailsWhenTheNewerBundleStillDoesNotPinTheServedKey() throws Exception {
        holding(bundleOf(1)
                .domain(HOST, false, "enforce", pin(KEY_A), unusedPin(1))
                .sign());
        publish(bundleOf(2)
                .domain(HOST, false, "enforce", pin(KEY_A), unusedPin(2))
                .sign());
        hostX.switchTo(tls.serverC.getPort());

        assertThatThrownBy(this::getX)
                .isInstanceOf(PinMismatchException.class)
                .hasMessageContaining("bundle seq 2"); // the retry was checked against the new pins
        assertThat(tls.bundleServer.getRequestCount()).isEqualTo(1);
        assertThat(listener.pinFailures)
                .singleElement()
                .satisfies(f -> assertThat(f.bundleSeq()).isEqualTo(2));
    }

    @Test
    void aFloodOfMismatchesOnManyHostsFetchesTheBundleAtMostTheGlobalBudget() throws Exception {
        HeldCertificate wildcard = new HeldCertificate.Builder()
                .commonName("MITM *.example.test")
                .addSubjectAlternativeName("*.example.test")
                .signedBy(TlsFixture.INTERMEDIATE)
                .build();
        MockWebServer mitm = TlsFixture.https(wildcard);
        mitm.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder().body("intercepted").build();
            }
        });
        mitm.start(InetAddress.getByName("127.0.0.1"), 0);
        try {
            holding(
                    bundleOf(1)
                            .domain("example.test", true, "enforce", pin(KEY_A), unusedPin(1))
                            .sign(),
                    tls.config(listener, clock).mismatchRefreshBudget(3, Duration.ofMinutes(1)));

            for (int i = 0; i < 20; i++) {
                String host = "h" + i + ".example.test";
                assertThatThrownBy(() -> get(mitm, host)).as(host).isInstanceOf(PinMismatchException.class);
            }
            assertThat(tls.bundleServer.getRequestCount())
                    .as("bundle fetches for 20 hosts")
                    .isEqualTo(3);
            assertThat(mitm.getRequestCount()).isZero();
            assertThat(listener.pinFailures).hasSize(20);

            clock.advance(Duration.ofSeconds(20)); // one refresh every 60 s / 3
            for (int i = 20; i < 30; i++) {
                String host = "h" + i + ".example.test";
                assertThatThrownBy(() -> get(mitm, host)).as(host).isInstanceOf(PinMismatchException.class);
            }
            assertThat(tls.bundleServer.getRequestCount()).isEqualTo(4);
        } finally {
            mitm.close();
        }
    }

    @Test
    void theDefaultGlobalBudgetIsFourRefreshesPerMinute() throws Exception {
        holding(bundleOf(1)
                .domain("example.test", true, "enforce", pin(KEY_A), unusedPin(1))
                .sign());

        // Five distinct host:port pairs with the MITM key: two host names on serverC, three through other doors.
        assertThatThrownBy(() -> get(tls.serverC, HOST)).isInstanceOf(PinMismatchException.class);
        assertThatThrownBy(() -> get(tls.serverC, SUB_HOST)).isInstanceOf(PinMismatchException.class);
        hostX.switchTo(tls.serverC.getPort());
        assertThatThrownBy(this::getX).isInstanceOf(PinMismatchException.class);
        assertThatThrownBy(() -> get("https://" + SUB_HOST + ":" + hostX.port() + "/"))
                .isInstanceOf(PinMismatchException.class);
        try (FrontDoor another = new FrontDoor(tls.serverC.getPort())) {
            assertThatThrownBy(() -> get("https://" + HOST + ":" + another.port() + "/"))
                    .isInstanceOf(PinMismatchException.class);
        }
        assertThat(tls.bundleServer.getRequestCount()).isEqualTo(4);
    }
}
