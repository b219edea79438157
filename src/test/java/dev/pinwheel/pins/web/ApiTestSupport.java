package dev.pinwheel.pins.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.pinwheel.core.AuditableEvent;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Base of the pins API tests: the whole service on a random port over this JVM's PostgreSQL,
 * called over real HTTP with the bootstrap admin token. Tests share the database, so every test
 * uses its own random app ids and hosts.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "PINWHEEL_BOOTSTRAP_TOKEN=" + ApiTestSupport.TOKEN)
@Import(ApiTestSupport.Events.class)
abstract class ApiTestSupport {

    static final String TOKEN = "pins-test-admin-secret";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    Events events;

    final HttpClient http = HttpClient.newHttpClient();

    /** Records every auditable event the service publishes. */
    @TestConfiguration
    static class Events {
        final List<AuditableEvent> all = new CopyOnWriteArrayList<>();

        @EventListener
        void on(AuditableEvent event) {
            all.add(event);
        }

        List<AuditableEvent> forTarget(String target) {
            return all.stream().filter(e -> e.target().equals(target)).toList();
        }
    }

    record Response(int status, HttpResponse<String> raw, JsonNode json) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        String contentType() {
            return header("Content-Type");
        }

        /** Asserts a problem+json body of the given status and type slug, and returns the body. */
        JsonNode problem(int expectedStatus, String typeSlug) {
            assertThat(status).as(raw.body()).isEqualTo(expectedStatus);
            assertThat(contentType()).startsWith("application/problem+json");
            assertThat(json.get("type").asString()).isEqualTo("https://pinwheel.dev/problems/" + typeSlug);
            assertThat(json.get("status").asInt()).isEqualTo(expectedStatus);
            assertThat(json.get("detail").asString()).isNotBlank();
            return json;
        }

        /** The {@code violations} of a 400 problem as field → message. */
        Map<String, String> violations() {
            problem(400, "validation");
            Map<String, String> out = new java.util.LinkedHashMap<>();
            json.get("violations").forEach(v -> out.put(v.get("field").asString(), v.get("message").asString()));
            return out;
        }
    }

    static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 10).toLowerCase(Locale.ROOT);
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
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        headers.forEach(b::header);
        if (body != null) {
            String text = body instanceof String s ? s : JSON.writeValueAsString(body);
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(text));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = r.body().isEmpty() ? null : JSON.readTree(r.body());
            return new Response(r.statusCode(), r, json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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
