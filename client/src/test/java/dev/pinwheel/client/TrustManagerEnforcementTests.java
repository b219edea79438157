package dev.pinwheel.client;

import static dev.pinwheel.client.TestBundles.bundle;
import static dev.pinwheel.client.TestBundles.unusedPin;
import static dev.pinwheel.client.TlsFixture.HOST;
import static dev.pinwheel.client.TlsFixture.KEY_A;
import static dev.pinwheel.client.TlsFixture.KEY_B;
import static dev.pinwheel.client.TlsFixture.KEY_C;
import static dev.pinwheel.client.TlsFixture.pin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pins enforced by {@link PinningTrustManager} inside the TLS handshake, for non-OkHttp stacks. */
class TrustManagerEnforcementTests {

    static final Instant NOW = Instant.now();

    final TlsFixture tls;
    final RecordingListener listener = new RecordingListener();
    PinwheelClient pinwheel;
    SSLContext context;

    TrustManagerEnforcementTests() throws IOException {
        tls = new TlsFixture();
    }

    @AfterEach
    void tearDown() {
        pinwheel.close();
        tls.close();
    }

    private void holding(String baseline) throws Exception {
        pinwheel = PinwheelClient.create(tls.config(listener, new MutableClock(NOW))
                .baselineBundle(baseline)
                .build());
        tls.servedBundle.set(baseline);
        context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {pinwheel.trustManager(TlsFixture.CLIENT_TRUST.trustManager())}, null);
    }

    private TestBundles.Builder bundleOf(long seq) {
        return bundle(seq, NOW.minusSeconds(60)).claim("reportUri", tls.reportUri());
    }

    /** A plain JSSE socket, as any non-OkHttp stack makes it: created with the host, HTTPS endpoint identification. */
    private void handshake(MockWebServer server, String host) throws IOException {
        Socket plain = new Socket(InetAddress.getByName("127.0.0.1"), server.getPort());
        try (SSLSocket socket =
                (SSLSocket) context.getSocketFactory().createSocket(plain, host, server.getPort(), true)) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.startHandshake();
        }
    }

    @Test
    void acceptsTheServerHoldingAPinnedKey() throws Exception {
        holding(bundleOf(1)
                .domain(HOST, false, "enforce", pin(KEY_A), unusedPin(1))
                .sign());

        handshake(tls.serverA, HOST);
        assertThat(listener.pinFailures).isEmpty();
    }

    @Test
    void refusesAManInTheMiddleInTheHandshake() throws Exception {
        holding(bundleOf(1)
                .domain(HOST, false, "enforce", pin(KEY_A), unusedPin(1))
                .sign());

        assertThatThrownBy(() -> handshake(tls.serverC, HOST))
                .isInstanceOf(SSLHandshakeException.class)
                .rootCause()
                .isInstanceOf(CertificateException.class)
                .hasMessageContaining("Pin verification failed");
        assertThat(listener.pinFailures)
                .singleElement()
                .satisfies(f -> assertThat(f.hostname()).isEqualTo(HOST));
        assertThat(tls.takeReport()).containsEntry("hostname", HOST).containsEntry("port", (long)
                tls.serverC.getPort());
    }

    @Test
    void runsTheDelegateFirstSoHostNameValidationStillApplies() throws Exception {
        holding(bundleOf(1)
                .domain("other.example.test", false, "enforce", pin(KEY_A), unusedPin(1))
                .sign());

        assertThatThrownBy(() -> handshake(tls.serverA, "other.example.test"))
                .isInstanceOf(SSLHandshakeException.class)
                .hasMessageNotContaining("Pin verification failed");
        assertThat(listener.pinFailures).isEmpty();
    }

    @Test
    void recoversFromAKeySwitchedTooEarlyWithinTheSameHandshake() throws Exception {
        holding(bundleOf(1)
                .domain(HOST, false, "enforce", pin(KEY_A), unusedPin(1))
                .sign());
        tls.servedBundle.set(bundleOf(2)
                .domain(HOST, false, "enforce", pin(KEY_A), pin(KEY_B))
                .sign());

        handshake(tls.serverB, HOST);
        assertThat(pinwheel.bundle().orElseThrow().seq()).isEqualTo(2);
        assertThat(listener.pinFailures).isEmpty();
    }

    @Test
    void aManInTheMiddleOnAnotherHostDoesNotBlockTheRecoveryInTheHandshake() throws Exception {
        holding(bundleOf(1)
                .domain(HOST, false, "enforce", pin(KEY_A), unusedPin(1))
                .domain(TlsFixture.SUB_HOST, false, "enforce", pin(KEY_A), unusedPin(2))
                .sign());
        assertThatThrownBy(() -> handshake(tls.serverC, TlsFixture.SUB_HOST)).isInstanceOf(SSLHandshakeException.class);

        tls.servedBundle.set(bundleOf(2)
                .domain(HOST, false, "enforce", pin(KEY_A), pin(KEY_B))
                .domain(TlsFixture.SUB_HOST, false, "enforce", pin(KEY_A), unusedPin(2))
                .sign());
        handshake(tls.serverB, HOST);

        assertThat(pinwheel.bundle().orElseThrow().seq()).isEqualTo(2);
        assertThat(tls.bundleServer.getRequestCount()).isEqualTo(2);
        assertThat(listener.pinFailures).extracting(PinFailure::hostname).containsExactly(TlsFixture.SUB_HOST);
    }

    @Test
    void reportModeAllowsTheHandshake() throws Exception {
        holding(bundleOf(1)
                .domain("example.test", true, "report", pin(KEY_A), unusedPin(1))
                .sign());

        handshake(tls.serverC, TlsFixture.SUB_HOST);
        assertThat(tls.takeReport())
                .containsEntry("hostname", TlsFixture.SUB_HOST)
                .containsEntry("noted-hostname", "example.test")
                .containsEntry("include-subdomains", true);
    }

    @Test
    void worksAsOkHttpsTrustManagerToo() throws Exception {
        holding(bundleOf(1)
                .domain(HOST, false, "enforce", pin(KEY_A), unusedPin(1))
                .sign());
        PinningTrustManager trustManager = pinwheel.trustManager(TlsFixture.CLIENT_TRUST.trustManager());
        OkHttpClient http = TlsFixture.appHttp()
                .sslSocketFactory(context.getSocketFactory(), trustManager)
                .build();

        try (Response response = http.newCall(new Request.Builder()
                        .url(TlsFixture.url(tls.serverA, HOST))
                        .build())
                .execute()) {
            assertThat(response.code()).isEqualTo(200);
        }
        assertThatThrownBy(() -> http.newCall(new Request.Builder()
                                .url(TlsFixture.url(tls.serverC, HOST))
                                .build())
                        .execute())
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void takesTheHostFromAnSslEngine() throws Exception {
        holding(bundleOf(1)
                .domain(HOST, false, "enforce", pin(KEY_A), unusedPin(1))
                .sign());
        X509TrustManager ordinary = TlsFixture.CLIENT_TRUST.trustManager();
        X509TrustManager plainDelegate = new X509TrustManager() { // not an X509ExtendedTrustManager
                    @Override
                    public void checkClientTrusted(X509Certificate[] chain, String authType)
                            throws CertificateException {
                        ordinary.checkClientTrusted(chain, authType);
                    }

                    @Override
                    public void checkServerTrusted(X509Certificate[] chain, String authType)
                            throws CertificateException {
                        ordinary.checkServerTrusted(chain, authType);
                    }

                    @Override
                    public X509Certificate[] getAcceptedIssuers() {
                        return ordinary.getAcceptedIssuers();
                    }
                };
        PinningTrustManager trustManager = pinwheel.trustManager(plainDelegate);
        X509Certificate[] chainA = {KEY_A.certificate(), TlsFixture.INTERMEDIATE.certificate()};
        X509Certificate[] chainC = {KEY_C.certificate(), TlsFixture.INTERMEDIATE.certificate()};

        trustManager.checkServerTrusted(chainA, "ECDHE_ECDSA", context.createSSLEngine(HOST, 443));
        trustManager.checkServerTrusted(chainC, "ECDHE_ECDSA", context.createSSLEngine("unpinned.example.test", 443));
        assertThatThrownBy(() ->
                        trustManager.checkServerTrusted(chainC, "ECDHE_ECDSA", context.createSSLEngine(HOST, 443)))
                .isInstanceOf(CertificateException.class)
                .hasMessageContaining("Pin verification failed for " + HOST);
    }

    @Test
    void refusesTheHostlessCheckWhilePinsAreEnforced() throws Exception {
        holding(bundleOf(1)
                .domain(HOST, false, "enforce", pin(KEY_A), unusedPin(1))
                .sign());
        PinningTrustManager trustManager = pinwheel.trustManager(TlsFixture.CLIENT_TRUST.trustManager());
        X509Certificate[] chain = List.of(KEY_A.certificate(), TlsFixture.INTERMEDIATE.certificate())
                .toArray(new X509Certificate[0]);

        assertThatThrownBy(() -> trustManager.checkServerTrusted(chain, "ECDHE_ECDSA"))
                .isInstanceOf(CertificateException.class)
                .hasMessageContaining("host name");
    }
}
