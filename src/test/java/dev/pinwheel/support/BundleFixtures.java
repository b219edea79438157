package dev.pinwheel.support;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Drives a running Pinwheel over HTTP the way an operator and a client would: creates apps,
 * domains and pin sets through the pins admin API, publishes, fetches and verifies bundles.
 */
public final class BundleFixtures {

    public static final JsonMapper JSON = TestHttp.JSON;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final TestHttp http;

    public BundleFixtures(int port, String token) {
        this(new TestHttp(port, token));
    }

    public BundleFixtures(TestHttp http) {
        this.http = http;
    }

    public static String suffix() {
        return HexFormat.of().formatHex(RANDOM.generateSeed(4));
    }

    /** A well-formed pin: base64 of 32 random bytes. */
    public static String randomPin() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    /** An app carrying domains that each have a valid pin set (one primary, one backup). */
    public App appWithDomains(int count) {
        String appId = createApp("app");
        Map<String, List<String>> pins = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String host = createDomain("d" + i, "enforce");
            List<String> set = List.of(randomPin(), randomPin());
            setPins(host, 0, set);
            pins.put(host, set);
        }
        setDomains(appId, List.copyOf(pins.keySet()));
        return new App(appId, pins);
    }

    public String createApp(String prefix) {
        String id = prefix + "-" + suffix();
        expect(201, send("POST", "/admin/v1/apps", Map.of("id", id, "displayName", "Test " + id)));
        return id;
    }

    public String createDomain(String label, String mode) {
        String host = label + "-" + suffix() + ".example.com";
        expect(201, send("POST", "/admin/v1/domains", Map.of("host", host, "includeSubdomains", false, "mode", mode)));
        return host;
    }

    /** Replaces the pin set: first pin primary, the rest backup. */
    public void setPins(String host, int currentVersion, List<String> pins) {
        List<Map<String, String>> list = new ArrayList<>();
        for (int i = 0; i < pins.size(); i++) {
            list.add(Map.of("sha256", "sha256/" + pins.get(i), "role", i == 0 ? "primary" : "backup"));
        }
        HttpResponse<String> r = send(
                "PUT",
                "/admin/v1/domains/" + host + "/pin-set",
                Map.of("pins", list, "comment", "test"),
                "If-Match",
                "\"" + currentVersion + "\"");
        if (r.statusCode() != 200 && r.statusCode() != 201) {
            throw new AssertionError("pin set of " + host + ": " + r.statusCode() + " " + r.body());
        }
    }

    public void setDomains(String appId, List<String> hosts) {
        expect(200, send("PUT", "/admin/v1/apps/" + appId + "/domains", Map.of("hosts", hosts)));
    }

    public HttpResponse<String> publish(String appId, Map<String, ?> body) {
        return send("POST", "/admin/v1/apps/" + appId + "/bundles", body);
    }

    /** Publishes and returns the new seq (fails unless 201). */
    public long publishOk(String appId) {
        HttpResponse<String> r = publish(appId, Map.of("comment", "test publish"));
        expect(201, r);
        return json(r).get("bundle").get("seq").asLong();
    }

    public HttpResponse<String> send(String method, String path, Object body, String... headers) {
        return http.exchange(method, path, body, headers);
    }

    /** A public GET (no token), as a client app sends it. */
    public HttpResponse<String> fetch(String path, String... headers) {
        return http.anonymous().exchange("GET", path, null, headers);
    }

    public String base() {
        return http.base();
    }

    public static JsonNode json(HttpResponse<String> r) {
        return JSON.readTree(r.body());
    }

    public static void expect(int status, HttpResponse<String> r) {
        if (r.statusCode() != status) {
            throw new AssertionError("expected " + status + " but got " + r.statusCode() + ": " + r.body());
        }
    }

    /**
     * Verifies a bundle the way a conforming client does, with nothing but the JWKS: ES256 only,
     * a kid from the JWKS, typ pinwheel-bundle+jwt, aud = the app, iss, exp in the future.
     *
     * @throws Exception when the bundle must be rejected
     */
    public static JWTClaimsSet verify(String jwks, String compact, String appId, String issuer) throws Exception {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("pinwheel-bundle+jwt")));
        processor.setJWSKeySelector(
                new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, new ImmutableJWKSet<>(JWKSet.parse(jwks))));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                appId, new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("iss", "aud", "iat", "exp", "seq")));
        JWTClaimsSet claims = processor.process(compact, null);
        if (!claims.getExpirationTime().toInstant().isAfter(Instant.now())) {
            throw new ParseException("expired", 0);
        }
        return claims;
    }

    /** An app and the pins (first primary, second backup) of each of its hosts, in order. */
    public record App(String id, Map<String, List<String>> pins) {}
}
