package dev.pinwheel.pins.discovery.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pinwheel.support.RotationSpringTest;
import dev.pinwheel.support.TestCertificates;
import dev.pinwheel.support.TestHttp;
import dev.pinwheel.support.TlsTestServer;
import dev.pinwheel.support.Tokens;
import java.util.Map;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@RotationSpringTest
class DiscoveryApiTests {

    static final HeldCertificate ROOT = new HeldCertificate.Builder()
            .commonName("Api Root")
            .certificateAuthority(1)
            .build();
    static final HeldCertificate INTERMEDIATE = new HeldCertificate.Builder()
            .commonName("Api Intermediate")
            .certificateAuthority(0)
            .signedBy(ROOT)
            .build();
    static final HeldCertificate LEAF = new HeldCertificate.Builder()
            .addSubjectAlternativeName("localhost")
            .signedBy(INTERMEDIATE)
            .build();

    @LocalServerPort
    int port;

    TestHttp admin() {
        return new TestHttp(port, Tokens.ADMIN);
    }

    @Test
    void returnsTheServedChainWithPinsInOrder() throws Exception {
        try (TlsTestServer server = TlsTestServer.start(LEAF, INTERMEDIATE.certificate(), ROOT.certificate())) {
            TestHttp.Response a = admin().post(
                            "/admin/v1/discoveries",
                            Map.of("host", "127.0.0.1", "port", server.port(), "sni", "localhost"));

            assertThat(a.status()).as(a.raw().body()).isEqualTo(200);
            JsonNode chain = a.json().get("chain");
            assertThat(chain).hasSize(3);
            assertThat(chain.get(0).get("spkiPin").asString())
                    .isEqualTo(TestCertificates.pin(LEAF.certificate().getPublicKey()));
            assertThat(chain.get(0).get("pin").asString()).startsWith("sha256/");
            assertThat(chain.get(1).get("subject").asString()).isEqualTo("CN=Api Intermediate");
            assertThat(chain.get(2).get("subject").asString()).isEqualTo("CN=Api Root");
            assertThat(a.json().get("hostMatches").asBoolean()).isTrue();
            assertThat(a.json().get("trusted").asBoolean()).isFalse();
        }
    }

    @Test
    void refusesAPrivateAddressThatIsNotAllowListed() {
        TestHttp.Response a = admin().post("/admin/v1/discoveries", Map.of("host", "10.20.30.40"));

        assertThat(a.status()).isEqualTo(422);
        assertThat(a.contentType()).startsWith("application/problem+json");
        assertThat(a.text("type")).isEqualTo("https://pinwheel.dev/problems/address-not-allowed");
        assertThat(a.text("detail")).contains("10.20.30.40").contains("private");
    }

    @Test
    void answersATimeOutAsAProblem() throws Exception {
        try (TlsTestServer silent = TlsTestServer.silent()) {
            TestHttp.Response a =
                    admin().post("/admin/v1/discoveries", Map.of("host", "127.0.0.1", "port", silent.port()));

            assertThat(a.status()).isEqualTo(504);
            assertThat(a.text("type")).isEqualTo("https://pinwheel.dev/problems/tls-timeout");
            assertThat(a.text("detail")).contains("did not complete a TLS handshake");
        }
    }

    @Test
    void refusesAMissingHost() {
        TestHttp.Response a = admin().post("/admin/v1/discoveries", Map.of("port", 443));

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().get("violations").toString()).contains("host");
    }

    @Test
    void requiresAToken() {
        TestHttp.Response a = new TestHttp(port, null).post("/admin/v1/discoveries", Map.of("host", "example.com"));

        assertThat(a.status()).isEqualTo(401);
    }
}
