package dev.pinwheel.pins.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pinwheel.audit.AuditEntry;
import dev.pinwheel.audit.AuditLog;
import dev.pinwheel.audit.AuditQuery;
import dev.pinwheel.pins.DomainMode;
import dev.pinwheel.pins.HostName;
import dev.pinwheel.support.BundleFixtures;
import dev.pinwheel.support.RotationScenario;
import dev.pinwheel.support.RotationSpringTest;
import dev.pinwheel.support.TestCertificates;
import dev.pinwheel.support.TestHttp;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * What rotation steps and pin set edits keep: every pin carried into a new version keeps its
 * certificate metadata, and abort undoes only what staging added.
 */
@RotationSpringTest
class RotationKeepsPinsTests extends RotationScenario {

    @Autowired
    AuditLog audit;

    @Test
    void everyRotationStepKeepsTheCertificateMetadataOfThePinsItCarriesOver() {
        String host = "meta-" + BundleFixtures.suffix() + ".rotation.test";
        HeldCertificate root = f.root("Meta Root " + host);
        HeldCertificate certA = f.leaf(host, root, 365);
        HeldCertificate certSpare = f.leaf(host, root, 400);
        HeldCertificate certB = f.leaf(host, root, 730);
        String a = TestCertificates.pin(certA);
        String spare = TestCertificates.pin(certSpare);
        String b = TestCertificates.pin(certB);
        pins.createDomain(HostName.of(host), false, DomainMode.REPORT);
        putPins(admin, host, 0, pinByCertificate(certA, "primary"), pinByCertificate(certSpare, "backup"));

        TestHttp.Response staged = admin.post(
                "/admin/v1/domains/" + host + "/rotations",
                Map.of("certificate", certB.certificatePem() + root.certificatePem()));
        assertThat(staged.status()).as(staged.raw().body()).isEqualTo(201);
        assertThat(staged.json().get("newPinPreexisting").asBoolean()).isFalse();
        Map<String, JsonNode> v2 = pinsByHash(admin, host);
        assertThat(v2).containsOnlyKeys(a, spare, b);
        assertCertificate(v2.get(a), certA);
        assertCertificate(v2.get(spare), certSpare);
        assertCertificate(v2.get(b), certB);

        String rotation = "/admin/v1/domains/" + host + "/rotations/"
                + staged.json().get("id").asLong();
        assertThat(admin.post(rotation + "/promote", "").status()).isEqualTo(200);
        Map<String, JsonNode> v3 = pinsByHash(admin, host);
        assertThat(v3.get(b).get("role").asString()).isEqualTo("primary");
        assertThat(v3.get(a).get("role").asString()).isEqualTo("backup");
        assertCertificate(v3.get(a), certA);
        assertCertificate(v3.get(spare), certSpare);
        assertCertificate(v3.get(b), certB);

        clock.advance(Duration.ofHours(2));
        TestHttp.Response finished = admin.post(rotation + "/finish", "");
        assertThat(finished.status()).as(finished.raw().body()).isEqualTo(200);
        Map<String, JsonNode> v4 = pinsByHash(admin, host);
        assertThat(v4).containsOnlyKeys(spare, b);
        assertCertificate(v4.get(spare), certSpare);
        assertCertificate(v4.get(b), certB);
    }

    @Test
    void aPutByHashKeepsTheKeysMetadataAndAPutWithACertificateReplacesIt() {
        String host = "put-meta-" + BundleFixtures.suffix() + ".rotation.test";
        HeldCertificate root = f.root("Put Root " + host);
        HeldCertificate first = f.leaf(host, root, 365);
        HeldCertificate renewed = new HeldCertificate.Builder()
                .commonName("renewed." + host)
                .keyPair(first.keyPair())
                .signedBy(root)
                .validityInterval(
                        System.currentTimeMillis() - 60_000,
                        System.currentTimeMillis() + Duration.ofDays(800).toMillis())
                .build();
        String key = TestCertificates.pin(first);
        String backup = BundleFixtures.randomPin();
        pins.createDomain(HostName.of(host), false, DomainMode.REPORT);
        putPins(admin, host, 0, pinByCertificate(first, "primary"), pinByHash(backup, "backup"));

        // by hash only (relabelled, roles swapped): the key keeps the metadata of its certificate
        Map<String, Object> byHash = pinByHash(key, "backup");
        byHash.put("label", "old primary");
        putPins(admin, host, 1, pinByHash(backup, "primary"), byHash);
        Map<String, JsonNode> v2 = pinsByHash(admin, host);
        assertThat(v2.get(key).get("label").asString()).isEqualTo("old primary");
        assertCertificate(v2.get(key), first);
        assertThat(v2.get(backup).has("certificate")).isFalse();

        // with a new certificate for the same key: its metadata replaces the earlier one
        putPins(admin, host, 2, pinByHash(backup, "primary"), pinByCertificate(renewed, "backup"));
        assertCertificate(pinsByHash(admin, host).get(key), renewed);

        // a key that leaves the set and comes back by hash has nothing to keep
        putPins(admin, host, 3, pinByHash(backup, "primary"), pinByHash(BundleFixtures.randomPin(), "backup"));
        putPins(admin, host, 4, pinByHash(backup, "primary"), pinByHash(key, "backup"));
        assertThat(pinsByHash(admin, host).get(key).has("certificate")).isFalse();
    }

    @Test
    void abortRemovesTheKeyStagingAdded() {
        String host = "abort-added-" + BundleFixtures.suffix() + ".rotation.test";
        String a = BundleFixtures.randomPin();
        String spare = BundleFixtures.randomPin();
        String next = BundleFixtures.randomPin();
        pins.createDomain(HostName.of(host), false, DomainMode.ENFORCE);
        f.setPins(host, a + " primary", spare + " backup");

        TestHttp.Response staged =
                admin.post("/admin/v1/domains/" + host + "/rotations", Map.of("pin", "sha256/" + next));
        assertThat(staged.status()).isEqualTo(201);
        assertThat(staged.json().get("newPinPreexisting").asBoolean()).isFalse();
        assertThat(staged.json().get("stagedPinSetVersion").asInt()).isEqualTo(2);
        assertThat(staged.text("note")).isNull();

        TestHttp.Response aborted = admin.post(
                "/admin/v1/domains/" + host + "/rotations/"
                        + staged.json().get("id").asLong() + "/abort",
                "");
        assertThat(aborted.status()).isEqualTo(200);
        assertThat(aborted.json().get("abortedPinSetVersion").asInt()).isEqualTo(3);
        assertThat(aborted.text("note")).contains("removed the key staging had added");
        assertThat(pinsByHash(admin, host)).containsOnlyKeys(a, spare);
    }

    @Test
    void abortKeepsAKeyThatWasABackupBeforeStaging() {
        String host = "abort-kept-" + BundleFixtures.suffix() + ".rotation.test";
        String a = BundleFixtures.randomPin();
        String spare = BundleFixtures.randomPin();
        pins.createDomain(HostName.of(host), false, DomainMode.ENFORCE);
        f.setPins(host, a + " primary", spare + " backup");

        TestHttp.Response staged =
                admin.post("/admin/v1/domains/" + host + "/rotations", Map.of("pin", "sha256/" + spare));
        assertThat(staged.status()).as(staged.raw().body()).isEqualTo(201);
        assertThat(staged.json().get("newPinPreexisting").asBoolean()).isTrue();
        assertThat(staged.json().get("stagedPinSetVersion").asInt()).isEqualTo(1);
        assertThat(staged.text("note")).contains("already pinned as a backup").contains("abort would keep it");
        assertThat(pins.domain(HostName.of(host)).currentVersion()).isEqualTo(1);

        TestHttp.Response aborted = admin.post(
                "/admin/v1/domains/" + host + "/rotations/"
                        + staged.json().get("id").asLong() + "/abort",
                "");
        assertThat(aborted.status()).isEqualTo(200);
        assertThat(aborted.text("state")).isEqualTo("aborted");
        assertThat(aborted.json().get("newPinPreexisting").asBoolean()).isTrue();
        assertThat(aborted.json().get("abortedPinSetVersion").asInt()).isEqualTo(1);
        assertThat(aborted.text("note")).contains("abort kept it pinned");
        assertThat(pins.domain(HostName.of(host)).currentVersion()).isEqualTo(1);
        Map<String, JsonNode> after = pinsByHash(admin, host);
        assertThat(after).containsOnlyKeys(a, spare);
        assertThat(after.get(spare).get("role").asString()).isEqualTo("backup");

        List<String> summaries =
                audit.search(new AuditQuery("domain:" + host, null, null, null), 0, 100).items().stream()
                        .filter(e -> e.action().startsWith("rotation."))
                        .map(AuditEntry::summary)
                        .toList();
        assertThat(summaries).hasSize(2).allSatisfy(s -> assertThat(s).contains("\"newPinPreexisting\":true"));
    }

    private static Map<String, Object> pinByCertificate(HeldCertificate cert, String role) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("certificate", cert.certificatePem());
        p.put("role", role);
        return p;
    }

    private static Map<String, Object> pinByHash(String base64, String role) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("sha256", "sha256/" + base64);
        p.put("role", role);
        return p;
    }

    @SafeVarargs
    private TestHttp.Response putPins(TestHttp admin, String host, int ifMatch, Map<String, Object>... pinList) {
        TestHttp.Response r = admin.send(
                "PUT",
                "/admin/v1/domains/" + host + "/pin-set",
                Map.of("pins", List.of(pinList)),
                "If-Match",
                "\"" + ifMatch + "\"");
        assertThat(r.status()).as(r.raw().body()).isEqualTo(ifMatch == 0 ? 201 : 200);
        return r;
    }

    private static Map<String, JsonNode> pinsByHash(TestHttp admin, String host) {
        TestHttp.Response r = admin.get("/admin/v1/domains/" + host + "/pin-set");
        assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode p : r.json().get("pins")) {
            out.put(p.get("sha256").asString().substring("sha256/".length()), p);
        }
        return out;
    }

    private static void assertCertificate(JsonNode pin, HeldCertificate expected) {
        JsonNode c = pin.get("certificate");
        assertThat(c).as("certificate metadata of " + pin).isNotNull();
        assertThat(new java.math.BigInteger(c.get("serial").asString(), 16))
                .isEqualTo(expected.certificate().getSerialNumber());
        assertThat(c.get("subject").asString())
                .isEqualTo(expected.certificate().getSubjectX500Principal().getName());
        assertThat(c.get("notAfter").asString())
                .isEqualTo(expected.certificate().getNotAfter().toInstant().toString());
    }
}
