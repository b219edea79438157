package dev.pinwheel.delivery;

import static dev.pinwheel.support.BundleFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pinwheel.support.BundleFixtures;
import dev.pinwheel.support.PinwheelTest;
import dev.pinwheel.support.Tokens;
import dev.pinwheel.support.contract.OpenApiContract;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The bundle endpoint is served by a Tomcat valve ahead of the servlet filter chain (security,
 * Spring MVC and the tests' own contract filter alike); these tests pin down that a client sees
 * what the ordinary chain would give it, and check its answers against openapi.yaml themselves.
 * {@link DeliveryListenerHeadersTests} runs the same cases against the dedicated delivery listener.
 */
@PinwheelTest
class BundleEndpointHeadersTests {

    static final List<String> SECURITY_HEADERS =
            List.of("X-Content-Type-Options", "X-XSS-Protection", "X-Frame-Options");

    @LocalServerPort
    int port;

    BundleFixtures admin;
    /** The client side: the port under test, no token. */
    BundleFixtures api;

    String path;

    /** The port the client polls. */
    int clientPort() {
        return port;
    }

    @BeforeEach
    void publish() {
        admin = new BundleFixtures(port, Tokens.ADMIN);
        api = new BundleFixtures(clientPort(), null);
        BundleFixtures.App app = admin.appWithDomains(1);
        admin.publishOk(app.id());
        path = "/v1/apps/" + app.id() + "/bundle";
    }

    @Test
    void servedBundleCarriesTheSameSecurityHeadersAsAnyOtherResponse() {
        HttpResponse<String> served = api.fetch(path);
        HttpResponse<String> ordinary = api.fetch("/v1/apps/nothing-" + BundleFixtures.suffix() + "/bundle");
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(ordinary.statusCode()).isEqualTo(404);
        for (String h : SECURITY_HEADERS) {
            assertThat(served.headers().firstValue(h))
                    .as(h)
                    .isPresent()
                    .isEqualTo(ordinary.headers().firstValue(h));
        }
        assertThat(served.headers().firstValue("Content-Type")).hasValue("application/jose");
        assertThat(served.headers().firstValue("Content-Length"))
                .hasValue(Integer.toString(served.body().length()));
        assertThat(served.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void echoesASaneRequestIdAndReplacesAnUnsafeOne() {
        assertThat(api.fetch(path, "X-Request-Id", "client-poll-1").headers().firstValue("X-Request-Id"))
                .hasValue("client-poll-1");
        assertThat(api.fetch(path, "X-Request-Id", "<bad id>").headers().firstValue("X-Request-Id"))
                .hasValueSatisfying(id -> assertThat(id).matches("[0-9a-f-]{36}"));
        assertThat(api.fetch(path).headers().firstValue("X-Request-Id")).isPresent();
    }

    @Test
    void notModifiedCarriesTheValidatorsAndNoBody() {
        HttpResponse<String> served = api.fetch(path);
        String etag = served.headers().firstValue("ETag").orElseThrow();
        for (String ifNoneMatch : List.of(etag, "W/" + etag, "\"other\", " + etag, "*")) {
            HttpResponse<String> r = api.fetch(path, "If-None-Match", ifNoneMatch);
            assertThat(r.statusCode()).as(ifNoneMatch).isEqualTo(304);
            assertThat(r.body()).isEmpty();
            assertThat(r.headers().firstValue("ETag")).hasValue(etag);
            assertThat(r.headers().firstValue("Cache-Control"))
                    .isEqualTo(served.headers().firstValue("Cache-Control"));
            assertThat(r.headers().firstValue("Last-Modified"))
                    .isEqualTo(served.headers().firstValue("Last-Modified"));
        }
        assertThat(api.fetch(path, "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
    }

    @Test
    void otherMethodsAndPathShapesTakeTheOrdinaryRouteWithProblems() {
        HttpResponse<String> post = api.send("POST", path, "{}");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        HttpResponse<String> trailing = api.fetch(path + "/");
        assertThat(trailing.statusCode()).isEqualTo(404);
        assertThat(json(trailing).get("type").asString()).endsWith("/not-found");
    }

    @Test
    void fastPathAnswersMatchTheContract() {
        HttpResponse<String> ok = api.fetch(path);
        String etag = ok.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> notModified = api.fetch(path, "If-None-Match", etag);
        HttpResponse<String> head = api.send("HEAD", path, null);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("Content-Length"))
                .isEqualTo(ok.headers().firstValue("Content-Length"));
        for (HttpResponse<String> r : List.of(ok, notModified)) {
            assertThat(OpenApiContract.get()
                            .check(
                                    "GET",
                                    path,
                                    r.statusCode(),
                                    r.headers().firstValue("Content-Type").orElse(null),
                                    r.body().getBytes(StandardCharsets.US_ASCII),
                                    true))
                    .as(r.toString())
                    .isEmpty();
            assertThat(r.headers().firstValue("Date")).isPresent();
        }
    }

    @Test
    void headersStayIntactOverManyRequestsOnOneConnection() {
        HttpResponse<String> first = api.fetch(path);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        String cacheControl = first.headers().firstValue("Cache-Control").orElseThrow();
        String lastModified = first.headers().firstValue("Last-Modified").orElseThrow();
        // the same keep-alive connection, so Tomcat reuses its header objects from one response to the next
        for (int i = 0; i < 200; i++) {
            HttpResponse<String> r = switch (i % 4) {
                case 0 -> api.fetch(path);
                case 1 -> api.fetch(path, "If-None-Match", etag);
                case 2 -> api.fetch(path, "If-None-Match", etag, "X-Request-Id", "poll-" + i);
                default -> api.fetch("/v1/apps/nothing-" + i + "/bundle"); // a problem in between
            };
            if (i % 4 == 3) {
                assertThat(r.statusCode()).isEqualTo(404);
                continue;
            }
            assertThat(r.statusCode()).as("request " + i).isEqualTo(i % 4 == 0 ? 200 : 304);
            assertThat(r.headers().firstValue("ETag")).as("request " + i).hasValue(etag);
            assertThat(r.headers().firstValue("Cache-Control")).hasValue(cacheControl);
            assertThat(r.headers().firstValue("Last-Modified")).hasValue(lastModified);
            assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            String expectedId =
                    i % 4 == 2 ? "poll-" + i : "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";
            assertThat(r.headers().firstValue("X-Request-Id"))
                    .hasValueSatisfying(id -> assertThat(id).matches(expectedId));
        }
    }
}
