package dev.pinwheel.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one HTTP client of the tests: real requests to a Pinwheel listening on loopback, as an
 * operator (with a bearer token, see {@link Tokens}) or as a client app (without one). Bodies that
 * are not strings are sent as JSON; every answer keeps the raw response and its parsed JSON body.
 */
public final class TestHttp {

    public static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private final String base;
    private final String token;

    /** A client of {@code http://localhost:<port>} sending {@code token} (none when null). */
    public TestHttp(int port, String token) {
        this("http://localhost:" + port, token);
    }

    private TestHttp(String base, String token) {
        this.base = base;
        this.token = token;
    }

    /** An anonymous client of the same server, as a client app calls it. */
    public TestHttp anonymous() {
        return new TestHttp(base, null);
    }

    /** A client of the same server sending another token. */
    public TestHttp as(String otherToken) {
        return new TestHttp(base, otherToken);
    }

    public String base() {
        return base;
    }

    /** An answer: status, the raw response and the JSON body (null when empty or not JSON). */
    public record Response(int status, HttpResponse<String> raw, JsonNode json) {

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public String contentType() {
            return header("Content-Type");
        }

        /** A text field of the JSON body, or null. */
        public String text(String field) {
            JsonNode n = json == null ? null : json.get(field);
            return n == null || n.isNull() ? null : n.asString();
        }

        /** Asserts a problem+json body of the given status and type slug, and returns the body. */
        public JsonNode problem(int expectedStatus, String typeSlug) {
            assertThat(status).as(raw.body()).isEqualTo(expectedStatus);
            assertThat(contentType()).startsWith("application/problem+json");
            assertThat(json.get("type").asString()).isEqualTo("https://pinwheel.dev/problems/" + typeSlug);
            assertThat(json.get("status").asInt()).isEqualTo(expectedStatus);
            assertThat(json.get("detail").asString()).isNotBlank();
            return json;
        }

        /** The {@code violations} of a 400 problem as field → message. */
        public Map<String, String> violations() {
            problem(400, "validation");
            Map<String, String> out = new LinkedHashMap<>();
            json.get("violations")
                    .forEach(v ->
                            out.put(v.get("field").asString(), v.get("message").asString()));
            return out;
        }
    }

    public Response get(String path) {
        return send("GET", path, null);
    }

    public Response post(String path, Object body) {
        return send("POST", path, body);
    }

    public Response put(String path, Object body) {
        return send("PUT", path, body);
    }

    public Response delete(String path) {
        return send("DELETE", path, null);
    }

    /** Sends a request; {@code headers} are name, value pairs. */
    public Response send(String method, String path, Object body, String... headers) {
        HttpResponse<String> r = exchange(method, path, body, headers);
        JsonNode json = null;
        String type = r.headers().firstValue("Content-Type").orElse("");
        if (type.contains("json") && !r.body().isEmpty()) {
            json = JSON.readTree(r.body());
        }
        return new Response(r.statusCode(), r, json);
    }

    /**
     * Sends a request and returns the response as it came; {@code headers} are name, value pairs
     * (a body is sent as {@code application/json} unless they name another Content-Type).
     */
    public HttpResponse<String> exchange(String method, String path, Object body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        boolean typed = false;
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
            typed |= headers[i].equalsIgnoreCase("Content-Type");
        }
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            if (!typed) {
                b.header("Content-Type", "application/json");
            }
            String text = body instanceof String s ? s : JSON.writeValueAsString(body);
            b.method(method, HttpRequest.BodyPublishers.ofString(text));
        }
        return send(b);
    }

    /** Sends a request built by the caller, with this client's token. */
    public HttpResponse<String> send(HttpRequest.Builder request) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
