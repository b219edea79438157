package dev.pinwheel.client;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * Real TLS on 127.0.0.1: a test root CA and intermediate trusted by the client, three servers with
 * keys A, B and C (C plays the man in the middle holding a certificate mis-issued by the same
 * trusted CA), a bundle server and a report server. Host names under {@code example.test} resolve
 * to 127.0.0.1 for the client.
 */
final class TlsFixture implements AutoCloseable {

    static final String HOST = "api.example.test";
    static final String SUB_HOST = "sub.api.example.test";

    static final HeldCertificate ROOT = new HeldCertificate.Builder()
            .certificateAuthority(1)
            .commonName("Pinwheel Test Root")
            .build();
    static final HeldCertificate INTERMEDIATE = new HeldCertificate.Builder()
            .certificateAuthority(0)
            .commonName("Pinwheel Test Intermediate")
            .signedBy(ROOT)
            .build();
    static final HeldCertificate KEY_A = leaf("A");
    static final HeldCertificate KEY_B = leaf("B");
    static final HeldCertificate KEY_C = leaf("C");
    static final HeldCertificate SELF_SIGNED =
            new HeldCertificate.Builder().addSubjectAlternativeName(HOST).build();

    static final HandshakeCertificates CLIENT_TRUST = new HandshakeCertificates.Builder()
            .addTrustedCertificate(ROOT.certificate())
            .build();

    final MockWebServer serverA = https(KEY_A);
    final MockWebServer serverB = https(KEY_B);
    final MockWebServer serverC = https(KEY_C);
    final MockWebServer bundleServer = new MockWebServer();
    final MockWebServer reportServer = new MockWebServer();
    final AtomicReference<String> servedBundle = new AtomicReference<>();

    TlsFixture() throws IOException {
        for (MockWebServer server : List.of(serverA, serverB, serverC)) {
            server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    return new MockResponse.Builder()
                            .body("hello from " + request.getUrl().host())
                            .build();
                }
            });
            server.start(InetAddress.getByName("127.0.0.1"), 0);
        }
        bundleServer.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String jws = servedBundle.get();
                return jws == null
                        ? new MockResponse.Builder().code(503).build()
                        : new MockResponse.Builder()
                                .setHeader("Content-Type", "application/jose")
                                .body(jws)
                                .build();
            }
        });
        bundleServer.start(InetAddress.getByName("127.0.0.1"), 0);
        reportServer.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder().code(202).build();
            }
        });
        reportServer.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    private static HeldCertificate leaf(String name) {
        return new HeldCertificate.Builder()
                .commonName("server " + name)
                .addSubjectAlternativeName(HOST)
                .addSubjectAlternativeName(SUB_HOST)
                .signedBy(INTERMEDIATE)
                .build();
    }

    static MockWebServer https(HeldCertificate certificate) {
        return https(certificate, certificate.certificate(), INTERMEDIATE.certificate());
    }

    /** A server sending exactly {@code chain} (leaf first, in any order the test wants, unchecked). */
    static MockWebServer https(HeldCertificate certificate, X509Certificate... chain) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(
                    new KeyManager[] {new FixedKeyManager(certificate.keyPair().getPrivate(), chain)}, null, null);
            MockWebServer server = new MockWebServer();
            server.useHttps(context.getSocketFactory());
            return server;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class FixedKeyManager extends X509ExtendedKeyManager {
        private final PrivateKey key;
        private final X509Certificate[] chain;

        FixedKeyManager(PrivateKey key, X509Certificate[] chain) {
            this.key = key;
            this.chain = chain;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return new String[] {"server"};
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return key.getAlgorithm().equals(keyType) ? "server" : null;
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return key.getAlgorithm().equals(keyType) ? "server" : null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return chain.clone();
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return key;
        }
    }

    static String pin(HeldCertificate certificate) {
        return Pins.of(certificate.certificate());
    }

    String reportUri() {
        return reportServer.url("/v1/apps/banking/reports").toString();
    }

    PinwheelConfig.Builder config(RecordingListener listener, java.time.Clock clock) {
        return PinwheelConfig.builder()
                .appId(TestBundles.APP)
                .bundleUrl(bundleServer.url("/v1/apps/banking/bundle").toString())
                .rootKeys(TestTrust.rootJwks(), 1)
                .baselineKeySet(TestTrust.keySet())
                .clock(clock)
                .monotonicClock(clock instanceof MutableClock mutable ? mutable::nanoTime : System::nanoTime)
                .listener(listener)
                .appVersion("4.2.0")
                .platform("jvm-test");
    }

    /** The app's HTTP client: trusts the test CA, resolves the test hosts to 127.0.0.1. */
    static OkHttpClient.Builder appHttp() {
        return new OkHttpClient.Builder()
                .sslSocketFactory(CLIENT_TRUST.sslSocketFactory(), CLIENT_TRUST.trustManager())
                .dns(host -> List.of(InetAddress.getByName("127.0.0.1")))
                .callTimeout(Duration.ofSeconds(20));
    }

    static String url(MockWebServer server, String host) {
        return "https://" + host + ":" + server.getPort() + "/";
    }

    Map<String, Object> takeReport() throws Exception {
        RecordedRequest request = reportServer.takeRequest(20, java.util.concurrent.TimeUnit.SECONDS);
        if (request == null) {
            throw new AssertionError("no report arrived");
        }
        return JSONObjectUtils.parse(request.getBody().utf8());
    }

    @Override
    public void close() {
        for (MockWebServer server : List.of(serverA, serverB, serverC, bundleServer, reportServer)) {
            server.close();
        }
    }
}
