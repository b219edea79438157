package dev.pinwheel.client.e2e;

import dev.pinwheel.client.FrontDoor;
import dev.pinwheel.client.Pins;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Dns;
import okhttp3.OkHttpClient;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * One host name's TLS servers on 127.0.0.1, all with certificates from one test CA that the app
 * trusts through its ordinary trust store: server A (key A), server B (key B), a MITM (key C,
 * mis-issued by the same trusted CA), and a spare key that is only ever pinned as a backup.
 *
 * <p>"The genuine server" is a TCP front door on a port of its own that forwards each new
 * connection to A or to B: switching it is what an operator does when deploying the new
 * certificate. The app reaches the MITM at the same host name (on its port), as after a DNS or
 * routing attack.
 */
final class TlsSite implements AppEndpoints, AutoCloseable {

    static final HeldCertificate CA = new HeldCertificate.Builder()
            .certificateAuthority(0)
            .commonName("Pinwheel E2E Test CA")
            .duration(30, TimeUnit.DAYS)
            .build();

    final String host;
    final HeldCertificate keyA;
    final HeldCertificate keyB;
    final HeldCertificate keyC;
    final HeldCertificate spare;
    final MockWebServer serverA;
    final MockWebServer serverB;
    final MockWebServer mitm;
    private final FrontDoor genuine;

    TlsSite(String host) throws IOException {
        this.host = host;
        keyA = leaf("A");
        keyB = leaf("B");
        keyC = leaf("C (MITM)");
        spare = leaf("spare");
        serverA = https(keyA, "A");
        serverB = https(keyB, "B");
        mitm = https(keyC, "C");
        genuine = new FrontDoor(serverA.getPort());
    }

    private HeldCertificate leaf(String name) {
        return new HeldCertificate.Builder()
                .commonName(host + " key " + name)
                .addSubjectAlternativeName(host)
                .duration(90, TimeUnit.DAYS)
                .signedBy(CA)
                .build();
    }

    private static MockWebServer https(HeldCertificate key, String name) throws IOException {
        HandshakeCertificates server = new HandshakeCertificates.Builder()
                .heldCertificate(key, CA.certificate())
                .build();
        MockWebServer web = new MockWebServer();
        web.useHttps(server.sslSocketFactory());
        web.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder().body(name).build();
            }
        });
        web.start(InetAddress.getByName("127.0.0.1"), 0);
        return web;
    }

    /** {@code sha256/...} of a key, as the admin API takes it. */
    static String pin(HeldCertificate key) {
        return "sha256/" + Pins.of(key.certificate());
    }

    /** The leaf then the CA, PEM: what an operator stages. */
    static String chainPem(HeldCertificate key) {
        return key.certificatePem() + CA.certificatePem();
    }

    /** The operator's switch: new connections to the genuine server now reach B. */
    void switchGenuineTo(MockWebServer server) {
        genuine.switchTo(server.getPort());
    }

    /** The port of the genuine server (the front door), where the service's live check looks. */
    int genuinePort() {
        return genuine.port();
    }

    @Override
    public String genuineUrl() {
        return "https://" + host + ":" + genuine.port() + "/";
    }

    @Override
    public String mitmUrl() {
        return "https://" + host + ":" + mitm.getPort() + "/";
    }

    String directUrl(MockWebServer server) {
        return "https://" + host + ":" + server.getPort() + "/";
    }

    /**
     * The app's ordinary HTTP client before Pinwheel is installed: the platform-like trust store
     * (here: the test CA) and DNS resolving the test host to 127.0.0.1.
     */
    @Override
    public OkHttpClient.Builder appHttp() {
        HandshakeCertificates trust = new HandshakeCertificates.Builder()
                .addTrustedCertificate(CA.certificate())
                .build();
        return new OkHttpClient.Builder()
                .sslSocketFactory(trust.sslSocketFactory(), trust.trustManager())
                .dns(name -> name.equals(host) ? List.of(InetAddress.getByName("127.0.0.1")) : Dns.SYSTEM.lookup(name))
                .callTimeout(Duration.ofSeconds(20));
    }

    @Override
    public void close() {
        genuine.close();
        for (MockWebServer server : List.of(serverA, serverB, mitm)) {
            server.close();
        }
    }
}
