package dev.pinwheel.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one HTTP client of the tests: real requests to a Pinwheel listening on loopback, as an
 * operator (with a bearer token, see {@link Tokens}) or as a client app (without one). Bodies that
 * are strings or bytes are sent as they are, others as JSON; every answer keeps the raw response
 * and its parsed JSON body. Redirects are never followed: a test sees the 3xx itself.
 */
public final class TestHttp {

    public static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final String base;
    private final String token;
    private final Duration timeout;
    private final Map<String, String> cookies;

    /** A client of {@code http://localhost:<port>} sending {@code token} (none when null). */
    public TestHttp(int port, String token) {
        this("http://localhost:" + port, token);
    }

    /** A client of {@code base} (e.g. {@code http://127.0.0.1:<port>}) sending {@code token} (none when null). */
    public TestHttp(String base, String token) {
        this(base, token, null, null);
    }

    private TestHttp(String base, String token, Duration timeout, Map<String, String> cookies) {
        this.base = base;
        this.token = token;
        this.timeout = timeout;
        this.cookies = cookies;
    }

    /** An anonymous client of the same server, as a client app calls it. */
    public TestHttp anonymous() {
        return as(null);
    }

    /** A client of the same server sending another token. */
    public TestHttp as(String otherToken) {
        return new TestHttp(base, otherToken, timeout, cookies);
    }

    /** The same client, failing every request that has no answer within {@code limit}. */
    public TestHttp withTimeout(Duration limit) {
        return new TestHttp(base, token, limit, cookies);
    }

    /**
     * The same client with a new, empty cookie jar, as a browser: sends the cookies it holds and
     * keeps (or, when set empty, drops) those the server sets, exactly as sent, whatever their
     * attributes (so {@code Secure} cookies over plain HTTP, too). One request at a time.
     */
    public TestHttp withCookies() {
        return new TestHttp(base, token, timeout, new LinkedHashMap<>());
    }

    /** The cookie jar of a client {@link #withCookies() with cookies}: name → value, changeable. */
    public Map<String, String> cookies() {
        if (cookies == null) {
            throw new IllegalStateException("a client without cookies; see withCookies()");
        }
        return cookies;
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

    /** Posts {@code fields} as an HTML form ({@code application/x-www-form-urlencoded}). */
    public Response postForm(String path, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send("POST", path, body, "Content-Type", "application/x-www-form-urlencoded");
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
        return send(request(method, path, body, headers));
    }

    /**
     * A request to {@code path} of this server, to send with {@link #send(HttpRequest.Builder)} or
     * {@link #sendAsync}; {@code headers} are name, value pairs (a body is sent as {@code
     * application/json} unless they name another Content-Type).
     */
    public HttpRequest.Builder request(String method, String path, Object body, String... headers) {
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
            b.method(
                    method,
                    body instanceof byte[] bytes
                            ? HttpRequest.BodyPublishers.ofByteArray(bytes)
                            : HttpRequest.BodyPublishers.ofString(
                                    body instanceof String s ? s : JSON.writeValueAsString(body)));
        }
        return b;
    }

    /** Sends a request built by the caller, with this client's token (and timeout and cookies). */
    public HttpResponse<String> send(HttpRequest.Builder request) {
        return send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Sends a request built by the caller, reading the body with {@code body} (e.g. as bytes). */
    public <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
        try {
            return received(CLIENT.send(prepared(request), body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends a request built by the caller without waiting for the answer. */
    public CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest.Builder request) {
        return CLIENT.sendAsync(prepared(request), HttpResponse.BodyHandlers.ofString())
                .thenApply(this::received);
    }

    private HttpRequest prepared(HttpRequest.Builder request) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (timeout != null) {
            request.timeout(timeout);
        }
        if (cookies != null && !cookies.isEmpty()) {
            request.header(
                    "Cookie",
                    cookies.entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining("; ")));
        }
        return request.build();
    }

    private <T> HttpResponse<T> received(HttpResponse<T> response) {
        if (cookies != null) {
            for (String c : response.headers().allValues("Set-Cookie")) {
                String[] nameValue = c.split(";", 2)[0].split("=", 2);
                if (nameValue[1].isEmpty()) {
                    cookies.remove(nameValue[0]);
                } else {
                    cookies.put(nameValue[0], nameValue[1]);
                }
            }
        }
        return response;
    }
}
