package dev.pinwheel.trust;

import static dev.pinwheel.support.BundleFixtures.expect;
import static dev.pinwheel.support.BundleFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.pinwheel.support.BundleFixtures;
import dev.pinwheel.support.RunningPinwheel;
import dev.pinwheel.support.TestDatabase;
import dev.pinwheel.support.TestHttp;
import dev.pinwheel.support.TrustDocuments;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The production set-up over real HTTP: root keys held offline (here: by the test, signing through
 * Nimbus's own JWS JSON code), the service verifying every upload. Attacks first — each refused with
 * a problem and nothing served changes — then the ceremony: root version 1, endorsed key set, a double
 * signing-key rotation (the second one refused until endorsed), a root rotation, and a client walking
 * the chain with Nimbus alone.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OfflineRootEndToEndTests {

    static final String ISSUER = "https://pins.example.test";
    static final String TOKEN = RunningPinwheel.ADMIN_TOKEN;
    static final ECKey R1 = TrustDocuments.rootKey();
    static final ECKey R2 = TrustDocuments.rootKey();
    static final ECKey R3 = TrustDocuments.rootKey();
    static final ECKey N1 = TrustDocuments.rootKey();
    static final ECKey N2 = TrustDocuments.rootKey();

    /** Its own database: the trust chain of the shared test database belongs to the quick-start contexts. */
    static RunningPinwheel service;

    int port;
    JdbcClient jdbc;
    BundleFixtures api;

    @BeforeAll
    static void startWithAnOfflineRoot() {
        service = RunningPinwheel.start(
                TestDatabase.get().freshSibling().url(),
                "pinwheel.bundles.issuer=" + ISSUER,
                "pinwheel.trust.online-root=false");
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @BeforeEach
    void rootVersion1AndAKeySetExist() {
        port = service.port();
        jdbc = service.bean(JdbcClient.class);
        api = service.api();
        if (api.fetch("/v1/trust/roots/1").statusCode() == 404) {
            expect(404, api.fetch("/v1/trust/key-set"));
            expect(409, api.send("GET", "/admin/v1/trust/key-set/proposal", null));
            expect(
                    201,
                    upload(
                            "/admin/v1/trust/roots",
                            TrustDocuments.root(ISSUER, 1, 2, List.of(R1, R2, R3), List.of(R1, R2))));
            expect(201, upload("/admin/v1/trust/key-set/signatures", signedProposal(List.of(R1, R2))));
        }
    }

    // ---- attacks on key-set uploads -----------------------------------------------------------------

    @Test
    @Order(1)
    void rejectsKeySetSignedByNonRootKeys() {
        String before = etag("/v1/trust/key-set");
        HttpResponse<String> r = upload(
                "/admin/v1/trust/key-set/signatures",
                signedProposal(List.of(TrustDocuments.rootKey(), TrustDocuments.rootKey())));
        assertProblem(r, 422, "trust-threshold-not-met");
        assertThat(json(r).get("validSignatures").asInt()).isZero();
        assertThat(etag("/v1/trust/key-set")).isEqualTo(before);
    }

    @Test
    @Order(2)
    void rejectsKeySetBelowThreshold() {
        String before = etag("/v1/trust/key-set");
        HttpResponse<String> r = upload("/admin/v1/trust/key-set/signatures", signedProposal(List.of(R1)));
        assertProblem(r, 422, "trust-threshold-not-met");
        assertThat(json(r).get("threshold").asInt()).isEqualTo(2);
        assertThat(json(r).get("validSignatures").asInt()).isEqualTo(1);
        assertThat(etag("/v1/trust/key-set")).isEqualTo(before);
    }

    @Test
    @Order(3)
    void rejectsKeySetWithOneForgedSignatureAmongSeveral() throws Exception {
        String before = etag("/v1/trust/key-set");
        String document = signedProposal(List.of(R1, R2, R3));
        String forged = forgeSignature(document, 2);
        HttpResponse<String> r = upload("/admin/v1/trust/key-set/signatures", forged);
        assertProblem(r, 422, "trust-signature-invalid");
        assertThat(json(r).get("kid").asString()).isEqualTo(R3.getKeyID());
        assertThat(etag("/v1/trust/key-set")).isEqualTo(before);
    }

    @Test
    @Order(4)
    void rejectsKeySetPayloadTheServiceNeverProposed() {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", "key-set");
        payload.put("iss", ISSUER);
        payload.put("version", 999);
        payload.put("rootVersion", 1);
        payload.put("iat", Instant.now().getEpochSecond());
        payload.put("exp", Instant.now().plusSeconds(86400).getEpochSecond());
        ECKey attacker = TrustDocuments.rootKey();
        Map<String, Object> jwk = new LinkedHashMap<>(attacker.toPublicJWK().toJSONObject());
        jwk.put("state", "active");
        payload.put("keys", List.of(jwk));
        String document = TrustDocuments.sign(
                JSONObjectUtils.toJSONString(payload).getBytes(StandardCharsets.UTF_8),
                TrustDocuments.KEY_SET_TYPE,
                List.of(R1, R2));
        HttpResponse<String> r = upload("/admin/v1/trust/key-set/signatures", document);
        assertProblem(r, 422, "trust-document-invalid");
        assertThat(json(r).get("violations").get(0).get("field").asString()).isEqualTo("payload");
    }

    @Test
    @Order(5)
    void rejectsARootVersionAsKeySetAndMalformedBodies() {
        assertProblem(
                upload(
                        "/admin/v1/trust/key-set/signatures",
                        TrustDocuments.root(ISSUER, 2, 1, List.of(R1), List.of(R1, R2))),
                422,
                "trust-document-invalid");
        HttpResponse<String> notJson = upload("/admin/v1/trust/key-set/signatures", "not json");
        assertProblem(notJson, 422, "trust-document-invalid");
        assertThat(json(notJson).get("violations").get(0).get("field").asString())
                .isEqualTo("body");
        String flattened = "{\"payload\":\"e30\",\"protected\":\"e30\",\"signature\":\"AAAA\"}";
        assertProblem(upload("/admin/v1/trust/roots", flattened), 422, "trust-document-invalid");
    }

    @Test
    @Order(6)
    void rejectsKeySetDroppingTheKeyThatSignsServedBundles() throws Exception {
        BundleFixtures.App app = api.appWithDomains(2);
        api.publishOk(app.id());
        String activeKid = activeKid();
        // a proposal made from an outdated view of the keys (as if before a rotation elsewhere): only a stranger
        String payload =
                keySetPayload(nextVersion(), 1, Instant.now().plusSeconds(86400), List.of(TrustDocuments.rootKey()));
        insertProposal(payload);
        String before = etag("/v1/trust/key-set");
        HttpResponse<String> r = upload(
                "/admin/v1/trust/key-set/signatures",
                TrustDocuments.sign(
                        payload.getBytes(StandardCharsets.UTF_8), TrustDocuments.KEY_SET_TYPE, List.of(R1, R2)));
        assertProblem(r, 409, "key-still-signing");
        assertThat(json(r).get("missingKids").toString()).contains(activeKid);
        assertThat(etag("/v1/trust/key-set")).isEqualTo(before);
    }

    @Test
    @Order(7)
    void rejectsExpiredKeySet() throws Exception {
        String payload = keySetPayload(nextVersion(), 1, Instant.now().minusSeconds(60), currentSigningKeys());
        insertProposal(payload);
        HttpResponse<String> r = upload(
                "/admin/v1/trust/key-set/signatures",
                TrustDocuments.sign(
                        payload.getBytes(StandardCharsets.UTF_8), TrustDocuments.KEY_SET_TYPE, List.of(R1, R2)));
        assertProblem(r, 422, "trust-document-expired");
    }

    // ---- attacks on root uploads --------------------------------------------------------------------

    @Test
    @Order(10)
    void rejectsRootChainWithAGap() {
        HttpResponse<String> r =
                upload("/admin/v1/trust/roots", TrustDocuments.root(ISSUER, 3, 1, List.of(R1), List.of(R1, R2, R3)));
        assertProblem(r, 409, "trust-version");
        assertThat(json(r).get("currentVersion").asInt()).isEqualTo(1);
        expect(404, api.fetch("/v1/trust/roots/3"));
    }

    @Test
    @Order(11)
    void rejectsRootVersionRollback() {
        HttpResponse<String> r =
                upload("/admin/v1/trust/roots", TrustDocuments.root(ISSUER, 1, 1, List.of(R1), List.of(R1, R2, R3)));
        assertProblem(r, 409, "trust-version");
    }

    @Test
    @Order(12)
    void rejectsNewRootSignedOnlyByItsOwnKeys() {
        HttpResponse<String> r =
                upload("/admin/v1/trust/roots", TrustDocuments.root(ISSUER, 2, 2, List.of(N1, N2), List.of(N1, N2)));
        assertProblem(r, 422, "trust-threshold-not-met");
        assertThat(json(r).get("signedBy").asString()).isEqualTo("root version 1");
        expect(404, api.fetch("/v1/trust/roots/2"));
    }

    @Test
    @Order(13)
    void rejectsNewRootWithAForgedSignatureAmongSeveral() throws Exception {
        String document = TrustDocuments.root(ISSUER, 2, 2, List.of(N1, N2), List.of(R1, R2, N1, N2));
        HttpResponse<String> r = upload("/admin/v1/trust/roots", forgeSignature(document, 0));
        assertProblem(r, 422, "trust-signature-invalid");
        assertThat(json(r).get("kid").asString()).isEqualTo(R1.getKeyID());
        expect(404, api.fetch("/v1/trust/roots/2"));
    }

    @Test
    @Order(14)
    void rejectsRootsForAnotherIssuerOrWithAKidThatIsNotTheThumbprint() throws Exception {
        assertProblem(
                upload(
                        "/admin/v1/trust/roots",
                        TrustDocuments.root("https://evil.example", 2, 1, List.of(R1), List.of(R1, R2))),
                422,
                "trust-document-invalid");
        ECKey misnamed =
                new ECKey.Builder(N1.toPublicJWK()).keyID(R1.getKeyID()).build();
        HttpResponse<String> r =
                upload("/admin/v1/trust/roots", TrustDocuments.root(ISSUER, 2, 1, List.of(misnamed), List.of(R1, R2)));
        assertProblem(r, 422, "trust-document-invalid");
        assertThat(json(r).get("violations").get(0).get("field").asString()).isEqualTo("payload.keys[0].kid");
    }

    @Test
    @Order(15)
    void refusesTrustUploadsFromAViewerAndAnonymousCallers() {
        String viewer = json(api.send("POST", "/admin/v1/tokens", Map.of("name", "trust-viewer", "role", "viewer")))
                .get("token")
                .asString();
        HttpResponse<String> r = send(
                "POST",
                "/admin/v1/trust/roots",
                viewer,
                TrustDocuments.root(ISSUER, 2, 1, List.of(R1), List.of(R1, R2)));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(send("GET", "/admin/v1/trust/key-set/proposal", viewer, null).statusCode())
                .isEqualTo(403);
        assertThat(send("POST", "/admin/v1/trust/key-set/signatures", null, "{}")
                        .statusCode())
                .isEqualTo(401);
    }

    // ---- the ceremony -------------------------------------------------------------------------------

    @Test
    @Order(20)
    void publicTrustDocumentsAreCacheableAndAnswer304() {
        for (String path : List.of("/v1/trust/roots/1", "/v1/trust/roots/latest", "/v1/trust/key-set")) {
            HttpResponse<String> r = api.fetch(path);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/jose+json");
            assertThat(r.headers().firstValue("Cache-Control")).hasValue("max-age=300, public");
            String etag = r.headers().firstValue("ETag").orElseThrow();
            assertThat(etag).matches("\"[0-9a-f]{64}\"");
            HttpResponse<String> notModified = api.fetch(path, "If-None-Match", "W/" + etag);
            assertThat(notModified.statusCode()).isEqualTo(304);
            assertThat(notModified.body()).isEmpty();
        }
        assertThat(api.fetch("/v1/trust/roots/latest").body())
                .isEqualTo(api.fetch("/v1/trust/roots/1").body());
        assertProblem(api.fetch("/v1/trust/roots/zero"), 400, "validation");
        assertProblem(api.fetch("/v1/trust/roots/7"), 404, "not-found");
    }

    @Test
    @Order(21)
    void doubleRotationIsRefusedUntilEndorsedAndAClientOnRootVersion1VerifiesEveryBundle() throws Exception {
        BundleFixtures.App app = api.appWithDomains(2);
        api.publishOk(app.id());
        assertThat(clientAccepts(app.id(), List.of(R1, R2, R3), 2)).isTrue();

        HttpResponse<String> first = api.send("POST", "/admin/v1/signing-keys/rotate", null);
        expect(200, first);
        String newActive = json(first).get("activeKid").asString();
        // every served bundle is re-signed with the new key at once
        assertThat(JWSObject.parse(api.fetch("/v1/apps/" + app.id() + "/bundle").body())
                        .getHeader()
                        .getKeyID())
                .isEqualTo(newActive);
        assertThat(clientAccepts(app.id(), List.of(R1, R2, R3), 2)).isTrue();

        String keySetBefore = etag("/v1/trust/key-set");
        HttpResponse<String> second = api.send("POST", "/admin/v1/signing-keys/rotate", null);
        assertProblem(second, 409, "key-not-endorsed");
        assertThat(json(second).get("detail").asString())
                .contains("/admin/v1/trust/key-set/proposal")
                .contains("pinwheel-keys sign-key-set");
        assertThat(activeKid()).isEqualTo(newActive);
        assertThat(etag("/v1/trust/key-set")).isEqualTo(keySetBefore);

        expect(201, upload("/admin/v1/trust/key-set/signatures", signedProposal(List.of(R2, R3))));
        HttpResponse<String> again = api.send("POST", "/admin/v1/signing-keys/rotate", null);
        expect(200, again);
        assertThat(clientAccepts(app.id(), List.of(R1, R2, R3), 2)).isTrue();
    }

    @Test
    @Order(22)
    void rootRotationSignedByOldAndNewThresholdsLetsAClientWalkTheChain() throws Exception {
        String servedBefore = api.fetch("/v1/trust/key-set").body();
        // version 2: keys R2, N1, N2, threshold 2; signed by 2 of version 1 (R1, R2) and 2 of its own (R2, N1)
        String v2 = TrustDocuments.root(ISSUER, 2, 2, List.of(R2, N1, N2), List.of(R1, R2, N1));
        HttpResponse<String> added = upload("/admin/v1/trust/roots", v2);
        expect(201, added);
        assertThat(json(added).get("version").asInt()).isEqualTo(2);
        assertThat(api.fetch("/v1/trust/roots/latest").body()).isEqualTo(v2);

        // the old key set is still served until the new root endorses one; the next proposal names root 2
        JsonNode proposal = json(api.send("GET", "/admin/v1/trust/key-set/proposal", null));
        assertThat(proposal.get("decoded").get("rootVersion").asInt()).isEqualTo(2);
        assertProblem(
                upload(
                        "/admin/v1/trust/key-set/signatures",
                        TrustDocuments.signProposal(proposal.get("payload").asString(), List.of(R1, R3))),
                422,
                "trust-threshold-not-met");
        expect(
                201,
                upload(
                        "/admin/v1/trust/key-set/signatures",
                        TrustDocuments.signProposal(proposal.get("payload").asString(), List.of(N1, N2))));

        // a client that ships only root version 1 walks 1 -> 2 and accepts the bundle
        BundleFixtures.App app = api.appWithDomains(2);
        api.publishOk(app.id());
        assertThat(clientAccepts(app.id(), List.of(R1, R2, R3), 2)).isTrue();

        // the key set served before the root rotation cannot come back
        assertProblem(upload("/admin/v1/trust/key-set/signatures", servedBefore), 409, "trust-version");
    }

    // ---- a client, with Nimbus only -----------------------------------------------------------------

    /**
     * What a client holding root version 1 ({@code roots}, {@code threshold}) does: walk the root
     * chain up to the key set's rootVersion, verify the key set, then the bundle with a listed key.
     */
    private boolean clientAccepts(String appId, List<ECKey> roots, int threshold) throws Exception {
        String keySet = api.fetch("/v1/trust/key-set").body();
        Map<String, Object> keySetPayload = TrustDocuments.payload(keySet);
        int target = ((Number) keySetPayload.get("rootVersion")).intValue();
        List<ECKey> held = roots;
        int heldThreshold = threshold;
        for (int v = 2; v <= target; v++) {
            String next = api.fetch("/v1/trust/roots/" + v).body();
            Map<String, Object> p = TrustDocuments.payload(next);
            List<ECKey> newKeys = TrustDocuments.keys(p);
            int newThreshold = ((Number) p.get("threshold")).intValue();
            if (TrustDocuments.validSignatures(next, held) < heldThreshold
                    || TrustDocuments.validSignatures(next, newKeys) < newThreshold
                    || ((Number) p.get("version")).intValue() != v) {
                return false;
            }
            held = newKeys;
            heldThreshold = newThreshold;
        }
        if (TrustDocuments.validSignatures(keySet, held) < heldThreshold
                || !ISSUER.equals(keySetPayload.get("iss"))
                || ((Number) keySetPayload.get("exp")).longValue()
                        <= Instant.now().getEpochSecond()) {
            return false;
        }
        List<JWK> listed = new ArrayList<>(TrustDocuments.keys(keySetPayload));
        String bundle = api.fetch("/v1/apps/" + appId + "/bundle").body();
        BundleFixtures.verify(new JWKSet(listed).toString(), bundle, appId, ISSUER);
        return true;
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private String signedProposal(List<ECKey> signers) {
        HttpResponse<String> r = api.send("GET", "/admin/v1/trust/key-set/proposal", null);
        expect(200, r);
        return TrustDocuments.signProposal(json(r).get("payload").asString(), signers);
    }

    private HttpResponse<String> upload(String path, String document) {
        return send("POST", path, TOKEN, document);
    }

    private HttpResponse<String> send(String method, String path, String token, String body) {
        TestHttp http = new TestHttp("http://127.0.0.1:" + port, token);
        return body == null
                ? http.exchange(method, path, null)
                : http.exchange(method, path, body, "Content-Type", "application/jose+json");
    }

    private String etag(String path) {
        return api.fetch(path).headers().firstValue("ETag").orElse("none");
    }

    private static void assertProblem(HttpResponse<String> r, int status, String type) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(json(r).get("type").asString()).isEqualTo("https://pinwheel.dev/problems/" + type);
        assertThat(json(r).get("detail").asString()).isNotBlank();
    }

    /** Replaces signature {@code index} with a valid-looking signature over other bytes. */
    private static String forgeSignature(String document, int index) throws Exception {
        Map<String, Object> top = JSONObjectUtils.parse(document);
        List<Object> signatures = new ArrayList<>((List<?>) top.get("signatures"));
        @SuppressWarnings("unchecked")
        Map<String, Object> victim = new LinkedHashMap<>((Map<String, Object>) signatures.get(index));
        String other = TrustDocuments.sign("{\"other\":true}".getBytes(StandardCharsets.UTF_8), "x", List.of(R1));
        @SuppressWarnings("unchecked")
        Map<String, Object> otherSig =
                (Map<String, Object>) ((List<?>) JSONObjectUtils.parse(other).get("signatures")).get(0);
        victim.put("signature", otherSig.get("signature"));
        signatures.set(index, victim);
        top.put("signatures", signatures);
        return JSONObjectUtils.toJSONString(top);
    }

    private String activeKid() {
        for (JsonNode k : json(api.send("GET", "/admin/v1/signing-keys", null)).get("items")) {
            if ("active".equals(k.get("state").asString())) {
                return k.get("kid").asString();
            }
        }
        throw new AssertionError("no active key");
    }

    private List<ECKey> currentSigningKeys() throws Exception {
        List<ECKey> keys = new ArrayList<>();
        for (JsonNode k : json(api.send("GET", "/admin/v1/signing-keys", null)).get("items")) {
            if (!"retired".equals(k.get("state").asString())) {
                keys.add(ECKey.parse(k.get("publicJwk").toString()));
            }
        }
        return keys;
    }

    private long nextVersion() {
        return jdbc.sql("select coalesce(max(version), 0) + 100 from trust_key_set_proposals")
                .query(Long.class)
                .single();
    }

    private static String keySetPayload(long version, int rootVersion, Instant exp, List<ECKey> keys) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", "key-set");
        payload.put("iss", ISSUER);
        payload.put("version", version);
        payload.put("rootVersion", rootVersion);
        payload.put("iat", Math.min(Instant.now().getEpochSecond(), exp.getEpochSecond() - 3600));
        payload.put("exp", exp.getEpochSecond());
        List<Map<String, Object>> list = new ArrayList<>();
        for (ECKey k : keys) {
            Map<String, Object> jwk = new LinkedHashMap<>(k.toPublicJWK().toJSONObject());
            jwk.put("state", "active");
            list.add(jwk);
        }
        payload.put("keys", list);
        return JSONObjectUtils.toJSONString(payload);
    }

    /** Stores a proposal directly: stands for one the service made from a view of the keys that is now outdated. */
    private void insertProposal(String payload) throws Exception {
        Map<String, Object> p = JSONObjectUtils.parse(payload);
        jdbc.sql("insert into trust_key_set_proposals (version, root_version, payload, created_at) values (?, ?, ?, ?)")
                .param(((Number) p.get("version")).longValue())
                .param(((Number) p.get("rootVersion")).intValue())
                .param(payload)
                .param(OffsetDateTime.now(ZoneOffset.UTC))
                .update();
    }
}
