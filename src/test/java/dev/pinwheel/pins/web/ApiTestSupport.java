package dev.pinwheel.pins.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pinwheel.support.PinwheelTest;
import dev.pinwheel.support.TestHttp;
import dev.pinwheel.support.TestHttp.Response;
import dev.pinwheel.support.Tokens;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

/**
 * Base of the pins API tests: the whole service on a random port over this JVM's PostgreSQL,
 * called over real HTTP with the bootstrap admin token. Tests share the database, so every test
 * uses its own random app ids and hosts.
 */
@PinwheelTest
abstract class ApiTestSupport {

    static final String TOKEN = Tokens.ADMIN;
    static final JsonMapper JSON = TestHttp.JSON;

    @LocalServerPort
    int port;

    @Autowired
    PinwheelTest.AuditableEvents events;

    static String unique(String prefix) {
        return prefix
                + UUID.randomUUID().toString().replace("-", "").substring(0, 10).toLowerCase(Locale.ROOT);
    }

    static String host() {
        return unique("h") + ".example.com";
    }

    Response get(String path) {
        return send("GET", path, null, Map.of());
    }

    Response post(String path, Object body) {
        return send("POST", path, body, Map.of());
    }

    Response put(String path, Object body) {
        return send("PUT", path, body, Map.of());
    }

    Response put(String path, Object body, Map<String, String> headers) {
        return send("PUT", path, body, headers);
    }

    Response delete(String path) {
        return send("DELETE", path, null, Map.of());
    }

    Response send(String method, String path, Object body, Map<String, String> headers) {
        return sendAs(TOKEN, method, path, body, headers);
    }

    Response sendAs(String token, String method, String path, Object body, Map<String, String> headers) {
        String[] pairs = headers.entrySet().stream()
                .flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue()))
                .toArray(String[]::new);
        return new TestHttp(port, token).send(method, path, body, pairs);
    }

    // ---- fixtures

    Response createApp(String id) {
        Response r = post("/admin/v1/apps", Map.of("id", id, "displayName", "App " + id));
        assertThat(r.status()).as(r.raw().body()).isEqualTo(201);
        return r;
    }

    Response createDomain(String host, String mode) {
        Response r = post("/admin/v1/domains", Map.of("host", host, "mode", mode, "includeSubdomains", false));
        assertThat(r.status()).as(r.raw().body()).isEqualTo(201);
        return r;
    }

    static Map<String, Object> pin(String sha256, String role) {
        return Map.of("sha256", sha256, "role", role);
    }

    static Map<String, Object> pinSet(Object... pins) {
        return Map.of("pins", List.of(pins));
    }

    static Map<String, String> ifMatch(String etag) {
        return Map.of("If-Match", etag);
    }

    /** A fresh random pin, {@code sha256/<base64>}. */
    static String randomPin() {
        byte[] b = new byte[32];
        new java.security.SecureRandom().nextBytes(b);
        return "sha256/" + java.util.Base64.getEncoder().encodeToString(b);
    }
}
