package dev.pinwheel.pins.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pinwheel.audit.AuditEntry;
import dev.pinwheel.audit.AuditLog;
import dev.pinwheel.audit.AuditQuery;
import dev.pinwheel.bundles.PublishOutcome;
import dev.pinwheel.pins.DomainMode;
import dev.pinwheel.pins.HostName;
import dev.pinwheel.support.BundleFixtures;
import dev.pinwheel.support.RotationFixtures;
import dev.pinwheel.support.RotationScenario;
import dev.pinwheel.support.RotationSpringTest;
import dev.pinwheel.support.TestCertificates;
import dev.pinwheel.support.TestHttp;
import dev.pinwheel.support.TlsTestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The whole rotation of a domain from key A to key B against a real TLS server whose certificate
 * is switched mid-way, with a controllable clock. At every step a client holding the newest
 * bundle, and a client that still holds the bundle before it, both accept the genuine server.
 */
@RotationSpringTest
class RotationFlowTests extends RotationScenario {

    @Autowired
    AuditLog audit;

    @Test
    void rotatesFromAToBWithoutLockingAnyPollingClientOut() throws Exception {
        String spare = BundleFixtures.randomPin();

        try (TlsTestServer server = TlsTestServer.start(certA, root.certificate())) {
            f.appWithDomain(app, host);
            f.setPins(host, a + " primary", spare + " backup");
            assertThat(admin.put(
                                    "/admin/v1/domains/" + host + "/live-check",
                                    Map.of("enabled", true, "port", server.port()))
                            .status())
                    .isEqualTo(200);
            PublishOutcome b1 = f.publish(app);
            assertClientsAccept(server, host, root, b1, b1);

            // stage B: pinned as backup
            TestHttp.Response staged = admin.post(
                    "/admin/v1/domains/" + host + "/rotations",
                    Map.of("certificate", certB.certificatePem() + root.certificatePem(), "comment", "yearly renewal"));
            assertThat(staged.status()).as(staged.raw().body()).isEqualTo(201);
            assertThat(staged.text("state")).isEqualTo("staged");
            assertThat(staged.text("newPin")).isEqualTo("sha256/" + b);
            assertThat(staged.text("oldPin")).isEqualTo("sha256/" + a);
            assertThat(staged.text("nextStep")).isEqualTo("promote");
            assertThat(staged.text("nextStepWaitsFor")).contains(app);
            String rotation = "/admin/v1/domains/" + host + "/rotations/"
                    + staged.json().get("id").asLong();

            // promote before any bundle pins B: refused, names the app to publish
            TestHttp.Response early = admin.post(rotation + "/promote", "");
            assertThat(early.status()).isEqualTo(409);
            assertThat(early.text("type")).endsWith("/rotation-not-safe-yet");
            assertThat(early.json().get("unpublishedApps").get(0).asString()).isEqualTo(app);

            PublishOutcome b2 = f.publish(app);
            assertThat(RotationFixtures.pinsOf(b2, host)).contains(a, b, spare);
            assertClientsAccept(server, host, root, b2, b1);

            // promote right after the publish: refused until poll interval + cache lifetime (2 × 1 h)
            TestHttp.Response tooSoon = admin.post(rotation + "/promote", "");
            assertThat(tooSoon.status()).isEqualTo(409);
            Instant safeAfter = Instant.parse(tooSoon.text("safeAfter"));
            assertThat(safeAfter).isEqualTo(b2.bundle().issuedAt().plus(Duration.ofHours(2)));
            assertThat(admin.get("/admin/v1/domains/" + host + "/rotations")
                            .json()
                            .get("rotations")
                            .get(0)
                            .get("nextStepEarliestAt")
                            .asString())
                    .isEqualTo(safeAfter.toString());

            clock.set(safeAfter.minusSeconds(1));
            assertThat(admin.post(rotation + "/promote", "").status()).isEqualTo(409);
            clock.set(safeAfter);
            TestHttp.Response promoted = admin.post(rotation + "/promote", "");
            assertThat(promoted.status()).as(promoted.raw().body()).isEqualTo(200);
            assertThat(promoted.text("state")).isEqualTo("promoted");
            assertThat(promoted.text("nextStep")).isEqualTo("finish");
            Instant finishSafeAfter = Instant.parse(promoted.text("nextStepEarliestAt"));
            assertThat(finishSafeAfter).isEqualTo(safeAfter.plus(Duration.ofHours(1)));

            PublishOutcome b3 = f.publish(app);
            assertThat(b3.findings()).isEmpty();
            assertClientsAccept(server, host, root, b3, b2);

            // finish during the cool-down: refused with safeAfter
            TestHttp.Response coolDown = admin.post(rotation + "/finish", "");
            assertThat(coolDown.status()).isEqualTo(409);
            assertThat(Instant.parse(coolDown.text("safeAfter"))).isEqualTo(finishSafeAfter);

            // after the cool-down, but the server still serves A: refused
            clock.set(finishSafeAfter);
            TestHttp.Response stillServed = admin.post(rotation + "/finish", "");
            assertThat(stillServed.status()).isEqualTo(409);
            assertThat(stillServed.text("servedPin")).isEqualTo("sha256/" + a);
            assertThat(stillServed.text("detail")).contains("still serves the old key");

            // the operator switches the server to B: both bundles clients may hold accept it
            server.serve(certB, root.certificate());
            assertClientsAccept(server, host, root, b3, b2);

            TestHttp.Response finished = admin.post(rotation + "/finish", "");
            assertThat(finished.status()).as(finished.raw().body()).isEqualTo(200);
            assertThat(finished.text("state")).isEqualTo("finished");
            assertThat(finished.json().get("nextStep").isNull()).isTrue();

            PublishOutcome b4 = f.publish(app);
            assertThat(b4.findings()).isEmpty();
            assertThat(RotationFixtures.pinsOf(b4, host)).containsExactlyInAnyOrder(b, spare);
            assertClientsAccept(server, host, root, b4, b3);

            List<String> story =
                    audit.search(new AuditQuery("domain:" + host, null, null, null), 0, 100).items().stream()
                            .map(AuditEntry::action)
                            .toList();
            assertThat(story)
                    .contains(
                            "rotation.staged",
                            "rotation.promoted",
                            "rotation.finished",
                            "certificate.added",
                            "live-check.configured");
        }
    }

    @Test
    void abortRemovesTheStagedKeyAndAllowsANewRotation() {
        String a = BundleFixtures.randomPin();
        String spare = BundleFixtures.randomPin();
        String next = BundleFixtures.randomPin();
        f.appWithDomain("abort-" + sfx, host);
        f.setPins(host, a + " primary", spare + " backup");

        TestHttp.Response staged =
                admin.post("/admin/v1/domains/" + host + "/rotations", Map.of("pin", "sha256/" + next));
        assertThat(staged.status()).isEqualTo(201);
        assertThat(staged.text("newKeySource")).isEqualTo("pin");
        String rotation = "/admin/v1/domains/" + host + "/rotations/"
                + staged.json().get("id").asLong();

        TestHttp.Response second = admin.post(
                "/admin/v1/domains/" + host + "/rotations", Map.of("pin", "sha256/" + BundleFixtures.randomPin()));
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.text("detail")).contains("still staged");

        assertThat(admin.post(rotation + "/finish", "").text("type")).endsWith("/rotation-state");
        TestHttp.Response aborted = admin.post(rotation + "/abort", "");
        assertThat(aborted.status()).isEqualTo(200);
        assertThat(aborted.text("state")).isEqualTo("aborted");
        assertThat(pins.currentPinSet(HostName.of(host)).pins())
                .extracting(p -> p.hash().base64())
                .containsExactly(a, spare);
        assertThat(admin.post(rotation + "/promote", "").status()).isEqualTo(409);
        assertThat(admin.post("/admin/v1/domains/" + host + "/rotations", Map.of("pin", "sha256/" + next))
                        .status())
                .isEqualTo(201);
    }

    @Test
    void stagesTheKeyOfACertificateSigningRequest() throws Exception {
        String host = "csr-" + BundleFixtures.suffix() + ".rotation.test";
        pins.createDomain(HostName.of(host), false, DomainMode.ENFORCE);
        f.setPins(host, BundleFixtures.randomPin() + " primary", BundleFixtures.randomPin() + " backup");
        java.security.KeyPair next =
                java.security.KeyPairGenerator.getInstance("EC").generateKeyPair();
        var csr = new org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder(
                        new org.bouncycastle.asn1.x500.X500Name("CN=" + host), next.getPublic())
                .build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA")
                        .build(next.getPrivate()));
        java.io.StringWriter pem = new java.io.StringWriter();
        try (var w = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(pem)) {
            w.writeObject(csr);
        }

        TestHttp.Response staged =
                admin.post("/admin/v1/domains/" + host + "/rotations", Map.of("csr", pem.toString()));

        assertThat(staged.status()).as(staged.raw().body()).isEqualTo(201);
        assertThat(staged.text("newKeySource")).isEqualTo("csr");
        assertThat(staged.text("newPin")).isEqualTo("sha256/" + TestCertificates.pin(next.getPublic()));
        assertThat(pins.currentPinSet(HostName.of(host)).pins()).hasSize(3);
    }

    @Test
    void finishIsRefusedWhenNoBackupWouldRemain() {
        String a = BundleFixtures.randomPin();
        String b = BundleFixtures.randomPin();
        pins.createDomain(HostName.of(host), false, DomainMode.REPORT);
        f.setPins(host, a + " primary");

        TestHttp.Response staged = admin.post("/admin/v1/domains/" + host + "/rotations", Map.of("pin", "sha256/" + b));
        String rotation = "/admin/v1/domains/" + host + "/rotations/"
                + staged.json().get("id").asLong();
        assertThat(admin.post(rotation + "/promote", "").status()).isEqualTo(200);
        clock.advance(Duration.ofHours(2));

        TestHttp.Response refused = admin.post(rotation + "/finish", "");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.text("type")).endsWith("/pin-set-rule");
        assertThat(refused.text("detail")).contains("add a backup first");
    }

    @Test
    void refusesBadStageRequestsAndStoresNothing() throws Exception {
        pins.createDomain(HostName.of(host), false, DomainMode.ENFORCE);
        f.setPins(host, BundleFixtures.randomPin() + " primary", BundleFixtures.randomPin() + " backup");
        String path = "/admin/v1/domains/" + host + "/rotations";

        assertThat(admin.post(path, Map.of()).status()).isEqualTo(400);
        assertThat(admin.post(path, Map.of("pin", "sha256/abc")).status()).isEqualTo(400);
        TestHttp.Response wrongHost = admin.post(
                path,
                Map.of("certificate", f.leaf("other.example.com", root, 30).certificatePem()));
        assertThat(wrongHost.status()).isEqualTo(422);
        assertThat(wrongHost.text("detail")).contains("does not cover " + host);
        assertThat(admin.post(path, Map.of("csr", "garbage")).status()).isEqualTo(422);
        assertThat(admin.post(
                                "/admin/v1/domains/nope-" + sfx + ".rotation.test/rotations",
                                Map.of("pin", "sha256/" + BundleFixtures.randomPin()))
                        .status())
                .isEqualTo(404);

        assertThat(admin.get(path).json().get("rotations")).isEmpty();
        assertThat(pins.domain(HostName.of(host)).currentVersion()).isEqualTo(1);
    }

    private static void assertClientsAccept(
            TlsTestServer server, String host, HeldCertificate root, PublishOutcome newest, PublishOutcome previous)
            throws Exception {
        String served = RotationFixtures.servedPin(server.port(), host, root);
        assertThat(RotationFixtures.pinsOf(newest, host))
                .as("newest bundle pins the served key")
                .contains(served);
        assertThat(RotationFixtures.pinsOf(previous, host))
                .as("previous bundle pins the served key")
                .contains(served);
    }
}
