package dev.pinwheel.pins.certificates.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pinwheel.pins.DomainMode;
import dev.pinwheel.pins.HostName;
import dev.pinwheel.support.BundleFixtures;
import dev.pinwheel.support.RotationScenario;
import dev.pinwheel.support.RotationSpringTest;
import dev.pinwheel.support.TestCertificates;
import dev.pinwheel.support.TestHttp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

@RotationSpringTest
class CertificateApiTests extends RotationScenario {

    HeldCertificate intermediate;

    @BeforeEach
    void setUp() {
        host = "certs-" + BundleFixtures.suffix() + ".rotation.test";
        pins.createDomain(HostName.of(host), false, DomainMode.ENFORCE);
        root = f.root("Cert Root");
        intermediate = new HeldCertificate.Builder()
                .commonName("Cert Intermediate")
                .certificateAuthority(0)
                .signedBy(root)
                .ecdsa256()
                .validityInterval(clock.millis() - 3600_000, clock.millis() + TimeUnit.DAYS.toMillis(100))
                .build();
    }

    TestHttp.Response uploadPem(String path, String pem) {
        return admin.send("POST", path, pem, "Content-Type", "application/x-pem-file");
    }

    List<String> storedFingerprints() {
        List<String> out = new ArrayList<>();
        admin.get("/admin/v1/domains/" + host + "/certificates")
                .json()
                .get("certificates")
                .forEach(c -> out.add(c.get("sha256Fingerprint").asString()));
        return out;
    }

    @Test
    void storesAChainWithEveryCertificatesMetadata() {
        HeldCertificate leaf = new HeldCertificate.Builder()
                .addSubjectAlternativeName("*." + host.substring(host.indexOf('.') + 1))
                .commonName("ignored")
                .signedBy(intermediate)
                .rsa2048()
                .validityInterval(clock.millis() - 3600_000, clock.millis() + TimeUnit.DAYS.toMillis(10))
                .build();

        TestHttp.Response a = uploadPem(
                "/admin/v1/domains/" + host + "/certificates",
                leaf.certificatePem() + intermediate.certificatePem() + root.certificatePem());

        assertThat(a.status()).as(a.raw().body()).isEqualTo(201);
        JsonNode chain = a.json().get("certificates");
        assertThat(chain).hasSize(3);
        JsonNode l = chain.get(0);
        assertThat(l.get("position").asInt()).isZero();
        assertThat(l.get("host").asString()).isEqualTo(host);
        assertThat(l.get("spkiPin").asString()).isEqualTo(TestCertificates.pin(leaf));
        assertThat(l.get("keyAlgorithm").asString()).isEqualTo("RSA");
        assertThat(l.get("keySize").asInt()).isEqualTo(2048);
        assertThat(l.get("issuer").asString()).isEqualTo("CN=Cert Intermediate");
        assertThat(chain.get(1).get("keyCurve").asString()).isEqualTo("P-256");
        assertThat(storedFingerprints()).hasSize(3);

        // the same chain again (as JSON) stores nothing new
        assertThat(admin.post("/admin/v1/domains/" + host + "/certificates", Map.of("pem", leaf.certificatePem()))
                        .status())
                .isEqualTo(201);
        assertThat(storedFingerprints()).hasSize(3);

        JsonNode soon =
                admin.get("/admin/v1/certificates?expiringWithin=P30D").json().get("certificates");
        List<String> soonHosts = new ArrayList<>();
        List<String> notAfters = new ArrayList<>();
        soon.forEach(c -> {
            soonHosts.add(c.get("host").asString() + " " + c.get("subject").asString());
            notAfters.add(c.get("notAfter").asString());
        });
        assertThat(soonHosts).contains(host + " CN=ignored").doesNotContain(host + " CN=Cert Root");
        assertThat(notAfters).isSorted();
    }

    @Test
    void refusesALeafThatDoesNotCoverTheHost() {
        HeldCertificate other = f.leaf("www.example.com", root, 30);

        TestHttp.Response a = uploadPem("/admin/v1/domains/" + host + "/certificates", other.certificatePem());

        assertThat(a.status()).isEqualTo(422);
        assertThat(a.contentType()).startsWith("application/problem+json");
        assertThat(a.text("detail")).contains("does not cover " + host).contains("www.example.com");
        assertThat(storedFingerprints()).isEmpty();
    }

    @Test
    void refusesAnExpiredLeaf() {
        HeldCertificate expired = new HeldCertificate.Builder()
                .addSubjectAlternativeName(host)
                .signedBy(root)
                .validityInterval(clock.millis() - TimeUnit.DAYS.toMillis(10), clock.millis() - 1000)
                .build();

        TestHttp.Response a = uploadPem(
                "/admin/v1/domains/" + host + "/certificates", expired.certificatePem() + root.certificatePem());

        assertThat(a.status()).isEqualTo(422);
        assertThat(a.text("detail")).contains("expired at");
        assertThat(storedFingerprints()).isEmpty();
    }

    @Test
    void refusesGarbagePem() {
        TestHttp.Response a = uploadPem("/admin/v1/domains/" + host + "/certificates", "this is not PEM");

        assertThat(a.status()).isEqualTo(422);
        assertThat(a.text("type")).isEqualTo("https://pinwheel.dev/problems/pem-malformed");
        assertThat(a.text("detail")).contains("pem: holds no PEM block");
        assertThat(admin.post("/admin/v1/domains/" + host + "/certificates", Map.of())
                        .status())
                .isEqualTo(400);
        assertThat(storedFingerprints()).isEmpty();
    }

    @Test
    void refusesAChainInTheWrongOrder() {
        HeldCertificate leaf = f.leaf(host, intermediate, 30);

        TestHttp.Response a = uploadPem(
                "/admin/v1/domains/" + host + "/certificates",
                leaf.certificatePem() + root.certificatePem() + intermediate.certificatePem());

        assertThat(a.status()).isEqualTo(422);
        assertThat(a.text("detail")).contains("is not issued by certificate 2").contains("leaf first");
        assertThat(storedFingerprints()).isEmpty();
    }

    @Test
    void answersUnknownDomainsAndBadDurations() {
        assertThat(uploadPem(
                                "/admin/v1/domains/unknown-" + BundleFixtures.suffix() + ".rotation.test/certificates",
                                f.leaf(host, root, 30).certificatePem())
                        .status())
                .isEqualTo(404);
        TestHttp.Response bad = admin.get("/admin/v1/certificates?expiringWithin=30days");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("violations").get(0).get("field").asString()).isEqualTo("expiringWithin");
    }
}
