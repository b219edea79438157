package dev.pinwheel.trust;

import static dev.pinwheel.support.BundleFixtures.expect;
import static dev.pinwheel.support.BundleFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.pinwheel.support.BundleFixtures;
import dev.pinwheel.support.RunningPinwheel;
import dev.pinwheel.support.TestDatabase;
import dev.pinwheel.support.TrustDocuments;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The quick start: the service holds an online root under the master key, endorses its own signing
 * keys, and a client configured once with root version 1 keeps verifying bundles through signing-key
 * rotations (the double rotation that used to brick clients) and a rollback — all checked with Nimbus
 * alone over real HTTP.
 */
class OnlineRootEndToEndTests {

    static final String ISSUER = "https://pins.online.test";

    /** Its own database, so that root version 1 is the one this instance's online root made. */
    static RunningPinwheel service;

    BundleFixtures api;

    @BeforeAll
    static void startWithTheQuickStartOnlineRoot() {
        // bundle sync off (no notifications, an hour between comparisons): this instance serves what it
        // publishes or re-signs only through its own after-commit events, which is what the tests check
        service = RunningPinwheel.start(
                TestDatabase.get().freshSibling().url(),
                "pinwheel.bundles.issuer=" + ISSUER,
                "pinwheel.delivery.listen=false",
                "pinwheel.delivery.sync-interval=1h");
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @BeforeEach
    void setUp() {
        api = service.api();
    }

    @Test
    void quickStartServesASelfSignedRootVersion1AndAKeySetListingTheActiveAndNextKeys() throws Exception {
        String root = api.fetch("/v1/trust/roots/1").body();
        Map<String, Object> payload = TrustDocuments.payload(root);
        assertThat(payload).containsEntry("type", "root").containsEntry("iss", ISSUER);
        assertThat(((Number) payload.get("threshold")).intValue()).isEqualTo(1);
        List<ECKey> rootKeys = TrustDocuments.keys(payload);
        assertThat(rootKeys)
                .hasSize(1)
                .allSatisfy(k -> assertThat(k.isPrivate()).isFalse());
        assertThat(TrustDocuments.validSignatures(root, rootKeys)).isEqualTo(1);

        String keySet = api.fetch("/v1/trust/key-set").body();
        assertThat(TrustDocuments.validSignatures(keySet, rootKeys)).isEqualTo(1);
        List<String> listed = TrustDocuments.keys(TrustDocuments.payload(keySet)).stream()
                .map(JWK::getKeyID)
                .toList();
        List<String> usable = new ArrayList<>();
        for (JsonNode k : json(api.send("GET", "/admin/v1/signing-keys", null)).get("items")) {
            if (!"retired".equals(k.get("state").asString())) {
                usable.add(k.get("kid").asString());
            }
        }
        assertThat(listed).containsAll(usable);

        HttpResponse<String> health = api.send("GET", "/actuator/health", null);
        assertThat(json(health)
                        .get("components")
                        .get("trustExpiry")
                        .get("status")
                        .asString())
                .isEqualTo("UP");
        String metrics = api.send("GET", "/actuator/prometheus", null).body();
        assertThat(metrics)
                .contains("pinwheel_trust_key_set_expires_in_seconds")
                .contains("pinwheel_trust_root_expires_in_seconds");
    }

    @Test
    void doubleSigningKeyRotationLeavesAClientOnRootVersion1AbleToVerifyTheNextBundle() throws Exception {
        List<ECKey> shippedRoot = TrustDocuments.keys(
                TrustDocuments.payload(api.fetch("/v1/trust/roots/1").body()));
        BundleFixtures.App app = api.appWithDomains(2);
        api.publishOk(app.id());
        assertThat(clientAccepts(app.id(), shippedRoot)).isTrue();

        for (int i = 0; i < 2; i++) {
            HttpResponse<String> rotated = api.send("POST", "/admin/v1/signing-keys/rotate", null);
            expect(200, rotated);
            String active = json(rotated).get("activeKid").asString();
            // the served bundle is re-signed with the new key as soon as the rotation commits
            assertThat(JWSObject.parse(api.fetch("/v1/apps/" + app.id() + "/bundle")
                                    .body())
                            .getHeader()
                            .getKeyID())
                    .isEqualTo(active);
            assertThat(clientAccepts(app.id(), shippedRoot)).isTrue();
        }
        api.publishOk(app.id());
        assertThat(clientAccepts(app.id(), shippedRoot)).isTrue();
    }

    @Test
    void rollbackReinstatesTheRetiredKeyOnlyWithAReasonAndIsAudited() throws Exception {
        List<ECKey> shippedRoot = TrustDocuments.keys(
                TrustDocuments.payload(api.fetch("/v1/trust/roots/1").body()));
        BundleFixtures.App app = api.appWithDomains(2);
        api.publishOk(app.id());
        HttpResponse<String> rotated = api.send("POST", "/admin/v1/signing-keys/rotate", null);
        expect(200, rotated);
        String retired = json(rotated).get("retiredKid").asString();
        String active = json(rotated).get("activeKid").asString();
        JsonNode retiredKey = keys().stream()
                .filter(k -> retired.equals(k.get("kid").asString()))
                .findFirst()
                .orElseThrow();
        assertThat(retiredKey.get("rollbackUntil").isNull()).isFalse();

        HttpResponse<String> noReason = api.send("POST", "/admin/v1/signing-keys/rollback", Map.of("reason", " "));
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(json(noReason).get("violations").get(0).get("field").asString())
                .isEqualTo("reason");

        HttpResponse<String> rolledBack =
                api.send("POST", "/admin/v1/signing-keys/rollback", Map.of("reason", "rotated the wrong environment"));
        expect(200, rolledBack);
        assertThat(json(rolledBack).get("activeKid").asString()).isEqualTo(retired);
        assertThat(json(rolledBack).get("nextKid").asString()).isEqualTo(active);
        assertThat(JWSObject.parse(api.fetch("/v1/apps/" + app.id() + "/bundle").body())
                        .getHeader()
                        .getKeyID())
                .isEqualTo(retired);
        assertThat(clientAccepts(app.id(), shippedRoot)).isTrue();

        JsonNode audit = json(api.send("GET", "/admin/v1/audit-events?target=signing-key:" + retired, null));
        assertThat(audit.get("items")
                        .valueStream()
                        .filter(e ->
                                "signing-key.rolled-back".equals(e.get("action").asString()))
                        .map(e -> e.get("summary").get("reason").asString()))
                .containsExactly("rotated the wrong environment");

        HttpResponse<String> again = api.send("POST", "/admin/v1/signing-keys/rollback", Map.of("reason", "twice"));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(json(again).get("type").asString()).isEqualTo("https://pinwheel.dev/problems/signing-key-rollback");
    }

    private List<JsonNode> keys() {
        return json(api.send("GET", "/admin/v1/signing-keys", null))
                .get("items")
                .valueStream()
                .toList();
    }

    /** A client holding root version 1: key set verified with the root keys, then the bundle with a listed key. */
    private boolean clientAccepts(String appId, List<ECKey> rootKeys) throws Exception {
        String keySet = api.fetch("/v1/trust/key-set").body();
        Map<String, Object> payload = TrustDocuments.payload(keySet);
        if (((Number) payload.get("rootVersion")).intValue() != 1
                || TrustDocuments.validSignatures(keySet, rootKeys) < 1) {
            return false;
        }
        List<JWK> listed = new ArrayList<>(TrustDocuments.keys(payload));
        BundleFixtures.verify(
                new JWKSet(listed).toString(),
                api.fetch("/v1/apps/" + appId + "/bundle").body(),
                appId,
                ISSUER);
        return true;
    }
}
