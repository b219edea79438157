package dev.pinwheel.pins.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pinwheel.core.ProblemException;
import dev.pinwheel.core.ProblemType;
import dev.pinwheel.pins.certificates.CertificateInfo;
import dev.pinwheel.support.TlsTestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsProbeTests {

    static final HeldCertificate ROOT = new HeldCertificate.Builder()
            .commonName("Probe Root")
            .certificateAuthority(1)
            .ecdsa256()
            .build();
    static final HeldCertificate INTERMEDIATE = new HeldCertificate.Builder()
            .commonName("Probe Intermediate")
            .certificateAuthority(0)
            .signedBy(ROOT)
            .rsa2048()
            .build();
    static final HeldCertificate LEAF = new HeldCertificate.Builder()
            .commonName("localhost")
            .addSubjectAlternativeName("localhost")
            .signedBy(INTERMEDIATE)
            .ecdsa256()
            .build();

    static TlsProbe probe(String... allowed) {
        return new TlsProbe(
                new DiscoveryProperties(
                        List.of(allowed),
                        List.of("1024-65535"),
                        Duration.ofSeconds(3),
                        Duration.ofMillis(500),
                        false,
                        443),
                AddressResolver.SYSTEM);
    }

    /** The pin as openssl computes it from the PEM the test writes. */
    static String opensslPin(Path dir, HeldCertificate cert) throws Exception {
        Path pem = Files.createTempFile(dir, "cert", ".pem");
        Files.writeString(pem, cert.certificatePem());
        Process p = new ProcessBuilder(
                        "sh",
                        "-c",
                        "openssl x509 -in '" + pem + "' -pubkey -noout"
                                + " | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    @Test
    void discoversAThreeCertificateChainWithOpensslsPinsInOrder(@TempDir Path dir) throws Exception {
        try (TlsTestServer server = TlsTestServer.start(LEAF, INTERMEDIATE.certificate(), ROOT.certificate())) {
            TlsProbe.Result result = probe("127.0.0.1/32").probe("127.0.0.1", server.port(), "localhost");

            assertThat(result.chain())
                    .extracting(c -> c.spkiPin().base64())
                    .containsExactly(opensslPin(dir, LEAF), opensslPin(dir, INTERMEDIATE), opensslPin(dir, ROOT));
            assertThat(result.chain())
                    .extracting(CertificateInfo::subject)
                    .containsExactly("CN=localhost", "CN=Probe Intermediate", "CN=Probe Root");
            assertThat(result.address()).isEqualTo("127.0.0.1");
            assertThat(result.sni()).isEqualTo("localhost");
            assertThat(result.hostMatches()).isTrue();
            assertThat(result.trusted()).isFalse();
            assertThat(result.trustProblem()).isNotBlank();
            assertThat(result.servedPin().base64()).isEqualTo(opensslPin(dir, LEAF));
        }
    }

    @Test
    void reportsAHostMismatch() throws Exception {
        try (TlsTestServer server = TlsTestServer.start(LEAF, INTERMEDIATE.certificate())) {
            TlsProbe.Result result = probe("127.0.0.0/8").probe("127.0.0.1", server.port(), "other.example.com");

            assertThat(result.hostMatches()).isFalse();
            assertThat(result.chain()).hasSize(2);
        }
    }

    @Test
    void refusesLoopbackWhenNotAllowListed() throws Exception {
        try (TlsTestServer server = TlsTestServer.start(LEAF)) {
            assertThatThrownBy(() -> probe().probe("127.0.0.1", server.port(), null))
                    .isInstanceOfSatisfying(ProblemException.class, e -> {
                        assertThat(e.type()).isEqualTo(ProblemType.ADDRESS_NOT_ALLOWED);
                        assertThat(e.detail()).contains("loopback").contains("allowed-networks");
                    });
        }
    }

    @Test
    void refusesPrivateAddressesWithoutConnecting() {
        for (String ip : List.of(
                "10.1.2.3",
                "172.16.0.1",
                "192.168.1.1",
                "100.64.0.1",
                "169.254.169.254",
                "224.0.0.1",
                "0.0.0.0",
                "fd00::1",
                "fe80::1",
                "::1",
                "::ffff:10.0.0.1")) {
            assertThatThrownBy(() -> probe("127.0.0.1/32").probe(ip, 443, null))
                    .as(ip)
                    .isInstanceOfSatisfying(
                            ProblemException.class,
                            e -> assertThat(e.type()).isEqualTo(ProblemType.ADDRESS_NOT_ALLOWED));
        }
    }

    /** An SSRF probe of an internal service's port (SSH, Redis, the admin port) is refused by port alone. */
    @Test
    void refusesAPortScanOutsideTheAllowedPortsBeforeConnecting() throws Exception {
        TlsProbe only443 = new TlsProbe(
                new DiscoveryProperties(
                        List.of("127.0.0.1/32"),
                        List.of("443"),
                        Duration.ofSeconds(3),
                        Duration.ofMillis(500),
                        false,
                        443),
                AddressResolver.SYSTEM);
        try (TlsTestServer server = TlsTestServer.start(LEAF)) {
            assertThatThrownBy(() -> only443.probe("127.0.0.1", server.port(), null))
                    .isInstanceOfSatisfying(ProblemException.class, e -> {
                        assertThat(e.type()).isEqualTo(ProblemType.ADDRESS_NOT_ALLOWED);
                        assertThat(e.detail()).contains("Port " + server.port()).contains("allowed-ports");
                        assertThat(e.extensions()).containsEntry("port", server.port());
                    });
            assertThat(only443.allowsPort(443)).isTrue();
            assertThat(only443.allowsPort(22)).isFalse();
        }
    }

    @Test
    void timesOutAgainstAServerThatNeverAnswers() throws Exception {
        try (TlsTestServer silent = TlsTestServer.silent()) {
            assertThatThrownBy(() -> probe("127.0.0.1/32").probe("127.0.0.1", silent.port(), null))
                    .isInstanceOfSatisfying(ProblemException.class, e -> {
                        assertThat(e.type()).isEqualTo(ProblemType.TLS_TIMEOUT);
                        assertThat(e.detail()).contains("did not complete a TLS handshake");
                        assertThat(e.extensions()).containsEntry("phase", "handshake");
                    });
        }
    }

    @Test
    void reportsAClosedPortAsAFailedConnection() throws Exception {
        // A socket bound but not listening holds the port closed: nothing else can listen on it, and the
        // kernel cannot pick it as the probe's own source port (which would make a self-connection).
        try (java.net.Socket reserved = new java.net.Socket()) {
            reserved.bind(new java.net.InetSocketAddress(java.net.InetAddress.getByName("127.0.0.1"), 0));
            int port = reserved.getLocalPort();
            assertThatThrownBy(() -> probe("127.0.0.1/32").probe("127.0.0.1", port, null))
                    .isInstanceOfSatisfying(ProblemException.class, e -> {
                        assertThat(e.type()).isEqualTo(ProblemType.TLS_FAILED);
                        assertThat(e.detail()).startsWith("Could not connect to 127.0.0.1:" + port);
                    });
        }
    }

    @Test
    void refusesMalformedInput() {
        assertThatThrownBy(() -> probe().probe("bad host!", 443, null))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.VALIDATION));
        assertThatThrownBy(() -> probe().probe("example.com", 0, null))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.VALIDATION));
        assertThatThrownBy(() -> probe().probe("example.com", 443, "10.0.0.1"))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.detail()).startsWith("sni"));
    }
}
