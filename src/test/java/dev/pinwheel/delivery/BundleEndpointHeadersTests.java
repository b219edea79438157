package dev.pinwheel.delivery;

import static dev.pinwheel.support.BundleFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;

import dev.pinwheel.support.BundleFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The bundle endpoint is served by a lean filter ahead of the security chain and Spring MVC;
 * these tests pin down that a client sees what the ordinary chain would give it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "PINWHEEL_BOOTSTRAP_TOKEN=test-admin-secret")
class BundleEndpointHeadersTests {

    static final List<String> SECURITY_HEADERS = List.of("X-Content-Type-Options", "X-XSS-Protection", "X-Frame-Options");

    @LocalServerPort
    int port;

    BundleFixtures api;
    String path;

    @BeforeEach
    void publish() {
        api = new BundleFixtures(port, "test-admin-secret");
        BundleFixtures.App app = api.appWithDomains(1);
        api.publishOk(app.id());
        path = "/v1/apps/" + app.id() + "/bundle";
    }

    @Test
    void servedBundleCarriesTheSameSecurityHeadersAsAnyOtherResponse() {
        HttpResponse<String> served = api.fetch(path);
        HttpResponse<String> ordinary = api.fetch("/v1/apps/nothing-" + BundleFixtures.suffix() + "/bundle");
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(ordinary.statusCode()).isEqualTo(404);
        for (String h : SECURITY_HEADERS) {
            assertThat(served.headers().firstValue(h)).as(h).isPresent().isEqualTo(ordinary.headers().firstValue(h));
        }
        assertThat(served.headers().firstValue("Content-Type")).hasValue("application/jose");
        assertThat(served.headers().firstValue("Content-Length")).hasValue(Integer.toString(served.body().length()));
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
            assertThat(r.headers().firstValue("Cache-Control")).isEqualTo(served.headers().firstValue("Cache-Control"));
            assertThat(r.headers().firstValue("Last-Modified")).isEqualTo(served.headers().firstValue("Last-Modified"));
        }
        assertThat(api.fetch(path, "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
    }

    @Test
    void otherMethodsAndPathShapesTakeTheOrdinaryRouteWithProblems() {
        HttpResponse<String> post = new BundleFixtures(port, null).send("POST", path, "{}");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/problem+json"));
        HttpResponse<String> trailing = api.fetch(path + "/");
        assertThat(trailing.statusCode()).isEqualTo(404);
        assertThat(json(trailing).get("type").asString()).endsWith("/not-found");
    }
}
