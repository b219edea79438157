package dev.pinwheel.delivery;

import static dev.pinwheel.support.BundleFixtures.expect;
import static dev.pinwheel.support.BundleFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import dev.pinwheel.support.BundleFixtures;
import dev.pinwheel.support.PinwheelTest;
import dev.pinwheel.support.Tokens;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Operator → publish → client poll → verify, over HTTP, with apps, domains and pin sets created
 * through the real admin API and bundles verified with nothing but {@code /v1/keys}.
 */
@PinwheelTest
class BundlePublishingEndToEndTests {

    @LocalServerPort
    int port;

    BundleFixtures api;
    /** The quick-start issuer: the service's own base URL. */
    String issuer;

    @BeforeEach
    void setUp() {
        api = new BundleFixtures(port, Tokens.ADMIN);
        issuer = "http://localhost:" + port;
    }

    @Test
    void publishedBundleVerifiesWithTheJwksAndCarriesWhatWasStored() throws Exception {
        BundleFixtures.App app = api.appWithDomains(2);
        HttpResponse<String> published = api.publish(app.id(), Map.of("comment", "first"));
        expect(201, published);
        JsonNode bundle = json(published).get("bundle");
        long seq = bundle.get("seq").asLong();

        HttpResponse<String> keys = api.fetch("/v1/keys");
        assertThat(keys.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/jwk-set+json"));
        assertThat(keys.headers().firstValue("Cache-Control"))
                .hasValueSatisfying(v -> assertThat(v).contains("public").contains("max-age="));
        assertThat(JWKSet.parse(keys.body()).getKeys())
                .hasSize(2)
                .allSatisfy(k -> assertThat(k.isPrivate()).isFalse());

        HttpResponse<String> fetched = api.fetch("/v1/apps/" + app.id() + "/bundle");
        assertThat(fetched.statusCode()).isEqualTo(200);
        assertThat(fetched.headers().firstValue("Content-Type")).hasValue("application/jose");
        assertThat(fetched.headers().firstValue("ETag")).hasValue("\"" + sha256(fetched.body()) + "\"");
        assertThat(fetched.headers().firstValue("Cache-Control")).hasValue("public, max-age=3600");
        assertThat(fetched.headers().firstValue("Last-Modified")).isPresent();
        assertThat(bundle.get("sha256").asString()).isEqualTo(sha256(fetched.body()));

        JWTClaimsSet claims = BundleFixtures.verify(keys.body(), fetched.body(), app.id(), issuer);
        assertThat(claims.getAudience()).containsExactly(app.id());
        assertThat(claims.getLongClaim("seq")).isEqualTo(seq);
        assertThat(claims.getIssueTime().toInstant())
                .isEqualTo(Instant.parse(bundle.get("iat").asString()));
        assertThat(claims.getExpirationTime().toInstant().getEpochSecond()
                        - claims.getIssueTime().toInstant().getEpochSecond())
                .isEqualTo(14 * 24 * 3600);
        assertThat(claims.getLongClaim("pollIntervalSeconds")).isEqualTo(3600);
        assertThat(claims.getLongClaim("maxStaleSeconds")).isEqualTo(30 * 24 * 3600);
        assertThat(claims.getStringClaim("reportUri")).isEqualTo(issuer + "/v1/apps/" + app.id() + "/reports");
        JWSObject jws = JWSObject.parse(fetched.body());
        assertThat(jws.getHeader().toJSONObject())
                .containsOnlyKeys("alg", "kid", "typ")
                .containsEntry("alg", "ES256")
                .containsEntry("typ", "pinwheel-bundle+jwt");
        assertThat(jws.getHeader().getKeyID()).isEqualTo(bundle.get("kid").asString());

        List<Object> domains = claims.getListClaim("domains");
        assertThat(domains).hasSize(2);
        List<String> hosts = new ArrayList<>(app.pins().keySet());
        for (int i = 0; i < 2; i++) {
            @SuppressWarnings("unchecked")
            Map<String, Object> d = (Map<String, Object>) domains.get(i);
            String host = hosts.get(i);
            assertThat(d)
                    .containsEntry("host", host)
                    .containsEntry("includeSubdomains", false)
                    .containsEntry("mode", "enforce")
                    .containsEntry("pinSetVersion", 1L);
            assertThat(d.get("pins"))
                    .isEqualTo(List.of(
                            Map.of("sha256", app.pins().get(host).get(0), "role", "primary"),
                            Map.of("sha256", app.pins().get(host).get(1), "role", "backup")));
        }

        JsonNode stored = json(api.send("GET", "/admin/v1/apps/" + app.id() + "/bundles/" + seq, null));
        assertThat(stored.get("jws").asString()).isEqualTo(fetched.body());
        assertThat(stored.get("payload").get("domains").size()).isEqualTo(2);
        assertThat(stored.get("bundle").get("domains").get(0).get("host").asString())
                .isEqualTo(hosts.get(0));
        assertThat(stored.get("bundle")
                        .get("domains")
                        .get(0)
                        .get("pinSetVersion")
                        .asInt())
                .isEqualTo(1);
        // "bootstrap", or "bootstrap-<millis>" when another test context in the shared database made "bootstrap" first
        assertThat(stored.get("bundle").get("actor").asString()).matches("bootstrap(-[0-9]+)?#[0-9]+");
        assertThat(stored.get("bundle").get("comment").asString()).isEqualTo("first");

        JsonNode audit = json(api.send("GET", "/admin/v1/audit-events?target=app:" + app.id(), null))
                .get("items");
        assertThat(audit.valueStream().filter(e -> e.get("action").asString().equals("bundle.published")))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.get("actor").asString()).matches("bootstrap(-[0-9]+)?#[0-9]+");
                    assertThat(e.get("summary").get("seq").asLong()).isEqualTo(seq);
                });
    }

    @Test
    void answersIfNoneMatchWith304AndNoBodyAndSupportsHead() throws Exception {
        BundleFixtures.App app = api.appWithDomains(1);
        api.publishOk(app.id());
        String path = "/v1/apps/" + app.id() + "/bundle";
        HttpResponse<String> first = api.fetch(path);
        String etag = first.headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> again = api.fetch(path, "If-None-Match", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.headers().firstValue("ETag")).hasValue(etag);
        assertThat(again.headers().firstValue("Cache-Control")).hasValue("public, max-age=3600");

        assertThat(api.fetch(path, "If-None-Match", "\"something-else\"").statusCode())
                .isEqualTo(200);

        HttpResponse<String> head = new BundleFixtures(port, null).send("HEAD", path, null);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("ETag")).hasValue(etag);
        assertThat(head.headers().firstValue("Content-Type")).hasValue("application/jose");

        api.publishOk(app.id());
        HttpResponse<String> changed = api.fetch(path, "If-None-Match", etag);
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.headers().firstValue("ETag")).isPresent().get().isNotEqualTo(etag);
    }

    @Test
    void answersUnknownAppsAndUnpublishedAppsWith404Problems() {
        HttpResponse<String> unknown = api.fetch("/v1/apps/no-such-app-" + BundleFixtures.suffix() + "/bundle");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(unknown).get("type").asString()).isEqualTo("https://pinwheel.dev/problems/not-found");

        String appId = api.createApp("empty");
        assertThat(api.fetch("/v1/apps/" + appId + "/bundle").statusCode()).isEqualTo(404);
        assertThat(api.fetch("/v1/apps/" + "x".repeat(300) + "/bundle").statusCode())
                .isEqualTo(404);
    }

    @Test
    void dryRunReturnsTheWouldBePayloadAndStoresNothing() {
        BundleFixtures.App app = api.appWithDomains(1);
        HttpResponse<String> dry = api.publish(app.id(), Map.of("dryRun", true));
        expect(200, dry);
        JsonNode body = json(dry);
        assertThat(body.get("dryRun").asBoolean()).isTrue();
        assertThat(body.get("bundle").isNull()).isTrue();
        assertThat(body.get("payload").get("aud").asString()).isEqualTo(app.id());
        assertThat(body.get("payload").get("seq").asLong()).isEqualTo(1);
        assertThat(body.get("findings").size()).isZero();

        assertThat(json(api.send("GET", "/admin/v1/apps/" + app.id() + "/bundles", null))
                        .get("items")
                        .size())
                .isZero();
        assertThat(api.fetch("/v1/apps/" + app.id() + "/bundle").statusCode()).isEqualTo(404);
        assertThat(api.publishOk(app.id())).isEqualTo(1);
    }

    @Test
    void refusesAnAppWithoutDomainsOrWithoutPinsWith409Findings() {
        String empty = api.createApp("nodomains");
        HttpResponse<String> r = api.publish(empty, Map.of());
        expect(409, r);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode finding = json(r).get("findings").get(0);
        assertThat(finding.get("code").asString()).isEqualTo("NO_DOMAINS");
        assertThat(finding.get("severity").asString()).isEqualTo("error");
        assertThat(finding.propertyNames())
                .as("only the documented Finding fields")
                .isSubsetOf("code", "severity", "domain", "message");

        String appId = api.createApp("nopins");
        String host = api.createDomain("bare", "enforce");
        api.setDomains(appId, List.of(host));
        HttpResponse<String> noPins = api.publish(appId, Map.of("force", true, "reason", "try anyway"));
        expect(409, noPins);
        assertThat(json(noPins).get("findings").get(0).get("code").asString()).isEqualTo("NO_PINS");
        assertThat(json(noPins).get("findings").get(0).get("domain").asString()).isEqualTo(host);

        HttpResponse<String> dry = api.publish(appId, Map.of("dryRun", true));
        expect(200, dry);
        assertThat(json(dry).get("findings").get(0).get("code").asString()).isEqualTo("NO_PINS");
        assertThat(json(api.send("GET", "/admin/v1/apps/" + appId + "/bundles", null))
                        .get("items")
                        .size())
                .isZero();
    }

    @Test
    void twentyConcurrentPublishesGetDistinctStrictlyIncreasingSeqs() throws Exception {
        BundleFixtures.App app = api.appWithDomains(1);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Future<HttpResponse<String>>> results = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            // publishes of one app queue on its lock, each holding a pooled connection (5 in the tests):
            // on a loaded machine a late one may get 503 with Retry-After, and a client tries again
            Callable<HttpResponse<String>> publish = () -> {
                HttpResponse<String> r = api.publish(app.id(), Map.of());
                for (int attempt = 1; r.statusCode() == 503 && attempt < 5; attempt++) {
                    assertThat(r.headers().firstValue("Retry-After")).isPresent();
                    r = api.publish(app.id(), Map.of());
                }
                return r;
            };
            results.add(pool.submit(publish));
        }
        List<Long> seqs = new ArrayList<>();
        for (Future<HttpResponse<String>> f : results) {
            HttpResponse<String> r = f.get();
            expect(201, r);
            seqs.add(json(r).get("bundle").get("seq").asLong());
        }
        pool.shutdown();
        assertThat(seqs).doesNotHaveDuplicates();
        assertThat(seqs.stream().sorted().toList())
                .isEqualTo(
                        java.util.stream.LongStream.rangeClosed(1, 20).boxed().toList());

        JsonNode history = json(api.send("GET", "/admin/v1/apps/" + app.id() + "/bundles?limit=50", null));
        List<Long> stored = new ArrayList<>();
        history.get("items").forEach(i -> stored.add(i.get("seq").asLong()));
        assertThat(stored)
                .isEqualTo(java.util.stream.LongStream.rangeClosed(1, 20)
                        .map(i -> 21 - i)
                        .boxed()
                        .toList());
        List<Instant> issued = new ArrayList<>();
        history.get("items").forEach(i -> issued.add(Instant.parse(i.get("iat").asString())));
        assertThat(issued).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        HttpResponse<String> served = api.fetch("/v1/apps/" + app.id() + "/bundle");
        assertThat(JWTClaimsSet.parse(
                                JWSObject.parse(served.body()).getPayload().toJSONObject())
                        .getLongClaim("seq"))
                .isEqualTo(20);
    }

    @Test
    void republishesAnOldBundlesContentAsANewSeq() throws Exception {
        BundleFixtures.App app = api.appWithDomains(1);
        String host = app.pins().keySet().iterator().next();
        long first = api.publishOk(app.id());
        List<String> newPins = List.of(BundleFixtures.randomPin(), BundleFixtures.randomPin());
        api.setPins(host, 1, newPins);
        // dropping a primary that was just published trips the rotation lint (PIN_REMOVED_TOO_EARLY): force it
        HttpResponse<String> replaced =
                api.publish(app.id(), Map.of("force", true, "reason", "test: replace every pin"));
        expect(201, replaced);
        long second = json(replaced).get("bundle").get("seq").asLong();

        HttpResponse<String> rollback = api.send(
                "POST",
                "/admin/v1/apps/" + app.id() + "/bundles/" + first + "/republish",
                Map.of("comment", "roll back", "force", true, "reason", "test: roll back"));
        expect(201, rollback);
        JsonNode bundle = json(rollback).get("bundle");
        assertThat(bundle.get("seq").asLong()).isEqualTo(second + 1);
        assertThat(bundle.get("kind").asString()).isEqualTo("republish");
        assertThat(bundle.get("republishedFromSeq").asLong()).isEqualTo(first);
        assertThat(bundle.get("domains").get(0).get("pinSetVersion").asInt()).isEqualTo(1);

        HttpResponse<String> served = api.fetch("/v1/apps/" + app.id() + "/bundle");
        JWTClaimsSet claims = BundleFixtures.verify(api.fetch("/v1/keys").body(), served.body(), app.id(), issuer);
        assertThat(claims.getLongClaim("seq")).isEqualTo(second + 1);
        @SuppressWarnings("unchecked")
        Map<String, Object> d =
                (Map<String, Object>) claims.getListClaim("domains").get(0);
        assertThat(d.get("pins"))
                .isEqualTo(List.of(
                        Map.of("sha256", app.pins().get(host).get(0), "role", "primary"),
                        Map.of("sha256", app.pins().get(host).get(1), "role", "backup")));

        expect(404, api.send("POST", "/admin/v1/apps/" + app.id() + "/bundles/999/republish", null));
    }

    @Test
    void rotatedKeyThatWasNextBeforeVerifiesLaterBundles() throws Exception {
        BundleFixtures.App app = api.appWithDomains(1);
        String jwksBefore = api.fetch("/v1/keys").body();
        JsonNode keysBefore =
                json(api.send("GET", "/admin/v1/signing-keys", null)).get("items");
        String activeBefore = null;
        String nextBefore = null;
        for (JsonNode k : keysBefore) {
            if (k.get("state").asString().equals("active")) {
                activeBefore = k.get("kid").asString();
            }
            if (k.get("state").asString().equals("next")) {
                nextBefore = k.get("kid").asString();
            }
            assertThat(k.get("publicJwk").has("d")).isFalse();
        }

        HttpResponse<String> rotated = api.send("POST", "/admin/v1/signing-keys/rotate", null);
        expect(200, rotated);
        assertThat(json(rotated).get("activeKid").asString()).isEqualTo(nextBefore);
        assertThat(json(rotated).get("retiredKid").asString()).isEqualTo(activeBefore);

        api.publishOk(app.id());
        String served = api.fetch("/v1/apps/" + app.id() + "/bundle").body();
        assertThat(JWSObject.parse(served).getHeader().getKeyID()).isEqualTo(nextBefore);
        BundleFixtures.verify(jwksBefore, served, app.id(), issuer);

        JWKSet after = JWKSet.parse(api.fetch("/v1/keys").body());
        assertThat(after.getKeyByKeyId(activeBefore)).isNull();
        assertThat(after.getKeyByKeyId(nextBefore)).isNotNull();
        assertThat(after.getKeys()).hasSize(2);
        assertThat(json(api.send("GET", "/admin/v1/audit-events?target=signing-key:" + nextBefore, null))
                        .get("items")
                        .valueStream()
                        .map(e -> e.get("action").asString()))
                .contains("signing-key.rotated");
        String finalActive = activeBefore;
        assertThat(json(api.send("GET", "/admin/v1/signing-keys", null))
                        .get("items")
                        .valueStream()
                        .filter(k -> k.get("kid").asString().equals(finalActive))
                        .findFirst()
                        .orElseThrow()
                        .get("state")
                        .asString())
                .isEqualTo("retired");
    }

    @Test
    void verifierRejectsATamperedPayload() throws Exception {
        Served s = servedBundle();
        String[] parts = s.jws.split("\\.");
        String payload = new String(Base64URL.from(parts[1]).decode(), StandardCharsets.UTF_8)
                .replace("\"mode\":\"enforce\"", "\"mode\":\"report\"");
        String tampered = parts[0] + "." + Base64URL.encode(payload) + "." + parts[2];
        assertThatThrownBy(() -> BundleFixtures.verify(s.jwks, tampered, s.appId, issuer))
                .hasMessageContaining("Invalid signature");
    }

    @Test
    void verifierRejectsUnknownKid() throws Exception {
        Served s = servedBundle();
        ECKey attacker =
                new ECKeyGenerator(Curve.P_256).keyIDFromThumbprint(true).generate();
        JWSObject forged = new JWSObject(
                new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .keyID(attacker.getKeyID())
                        .type(new JOSEObjectType("pinwheel-bundle+jwt"))
                        .build(),
                JWSObject.parse(s.jws).getPayload());
        forged.sign(new ECDSASigner(attacker));
        assertThatThrownBy(() -> BundleFixtures.verify(s.jwks, forged.serialize(), s.appId, issuer))
                .hasMessageContaining("no matching key");
    }

    @Test
    void verifierRejectsAlgNone() throws Exception {
        Served s = servedBundle();
        PlainJWT none = new PlainJWT(
                new PlainHeader.Builder()
                        .type(new JOSEObjectType("pinwheel-bundle+jwt"))
                        .build(),
                JWTClaimsSet.parse(JWSObject.parse(s.jws).getPayload().toJSONObject()));
        assertThatThrownBy(() -> BundleFixtures.verify(s.jwks, none.serialize(), s.appId, issuer))
                .hasMessageContaining("nsecured");
    }

    @Test
    void verifierRejectsHs256SignedWithThePublicKeyAsSecret() throws Exception {
        Served s = servedBundle();
        JWSObject original = JWSObject.parse(s.jws);
        String kid = original.getHeader().getKeyID();
        byte[] publicKeyAsSecret =
                JWKSet.parse(s.jwks).getKeyByKeyId(kid).toJSONString().getBytes(StandardCharsets.UTF_8);
        JWSObject forged = new JWSObject(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .keyID(kid)
                        .type(new JOSEObjectType("pinwheel-bundle+jwt"))
                        .build(),
                new Payload(original.getPayload().toString()));
        forged.sign(new MACSigner(publicKeyAsSecret));
        assertThatThrownBy(() -> BundleFixtures.verify(s.jwks, forged.serialize(), s.appId, issuer))
                .hasMessageContaining("Another algorithm expected");
    }

    @Test
    void verifierRejectsABundleForAnotherApp() throws Exception {
        Served s = servedBundle();
        assertThatThrownBy(() -> BundleFixtures.verify(s.jwks, s.jws, "another-app", issuer))
                .hasMessageContaining("aud claim rejected");
    }

    private Served servedBundle() throws Exception {
        BundleFixtures.App app = api.appWithDomains(1);
        api.publishOk(app.id());
        String jwks = api.fetch("/v1/keys").body();
        String jws = api.fetch("/v1/apps/" + app.id() + "/bundle").body();
        BundleFixtures.verify(jwks, jws, app.id(), issuer);
        return new Served(app.id(), jwks, jws);
    }

    private record Served(String appId, String jwks, String jws) {}

    static String sha256(String s) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.US_ASCII)));
    }
}
