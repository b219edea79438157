package dev.pinwheel.delivery.web;

import static dev.pinwheel.support.BundleFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pinwheel.support.BundleFixtures;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The dedicated delivery listener as a client and an operator see it: the main port's problems,
 * polls counted like the main port's, and the limits of a connection (header size, no body,
 * pipelining, HTTP/1.0, idle timeout). The headers of its answers are checked case by case against
 * the main port's by {@code DeliveryListenerHeadersTests}.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "PINWHEEL_BOOTSTRAP_TOKEN=test-admin-secret",
            "pinwheel.delivery.port=0",
            "pinwheel.delivery.address=127.0.0.1",
            "pinwheel.delivery.idle-timeout=1s",
            "pinwheel.delivery.adoption-flush-interval=200ms",
            "pinwheel.delivery.adoption-bucket=1s"
        })
class DeliveryListenerTests {

    @LocalServerPort
    int port;

    @Value("${local.pinwheel.delivery.port}")
    int deliveryPort;

    @Autowired
    DeliveryListener listener;

    BundleFixtures admin;
    BundleFixtures main;
    BundleFixtures delivery;
    String appId;
    String path;

    @BeforeEach
    void publish() {
        admin = new BundleFixtures(port, "test-admin-secret");
        main = new BundleFixtures(port, null);
        delivery = new BundleFixtures(deliveryPort, null);
        appId = admin.appWithDomains(1).id();
        admin.publishOk(appId);
        path = "/v1/apps/" + appId + "/bundle";
    }

    @Test
    void bindsTheConfiguredAddressOnly() {
        assertThat(listener.boundAddress().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(listener.boundAddress().getPort()).isEqualTo(deliveryPort);
    }

    @Test
    void answersWithTheMainPortsProblems() {
        record Case(String method, String path) {}
        for (Case c : List.of(
                new Case("GET", "/v1/apps/nothing-" + BundleFixtures.suffix() + "/bundle"),
                new Case("POST", path),
                new Case("DELETE", path),
                new Case("GET", path + "/"))) {
            HttpResponse<String> ours = delivery.send(c.method(), c.path(), null);
            HttpResponse<String> theirs = main.send(c.method(), c.path(), null);
            assertThat(ours.statusCode())
                    .as(c.toString())
                    .isEqualTo(theirs.statusCode())
                    .isIn(404, 405);
            assertThat(ours.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(ours.headers().firstValue("Allow"))
                    .isEqualTo(theirs.headers().firstValue("Allow"));
            assertThat(withoutRequestId(ours)).as(c.toString()).isEqualTo(withoutRequestId(theirs));
            assertThat(json(ours).get("requestId").asString())
                    .isEqualTo(ours.headers().firstValue("X-Request-Id").orElseThrow());
        }
    }

    @Test
    void anotherPathIsNotFoundThere() {
        HttpResponse<String> r = delivery.fetch("/admin/v1/apps");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(json(r).get("type").asString()).endsWith("/not-found");
        assertThat(json(r).get("detail").asString()).isEqualTo("No resource at admin/v1/apps.");
    }

    @Test
    void countsPollsByHeldBundleAndByStatus() {
        String etag = delivery.fetch(path).headers().firstValue("ETag").orElseThrow(); // none
        assertThat(delivery.fetch(path, "If-None-Match", etag).statusCode()).isEqualTo(304); // the newest seq
        assertThat(delivery.fetch(path, "If-None-Match", "W/" + etag).statusCode())
                .isEqualTo(304); // the newest seq
        assertThat(delivery.fetch(path, "If-None-Match", "\"not-ours\"").statusCode())
                .isEqualTo(200); // unknown
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode a = json(admin.send("GET", "/admin/v1/apps/" + appId + "/adoption", null));
            assertThat(a.get("polls").asLong()).isEqualTo(4);
            assertThat(a.get("onNewestPolls").asLong()).isEqualTo(2);
            assertThat(a.get("noBundlePolls").asLong()).isEqualTo(1);
            assertThat(a.get("unknownEtagPolls").asLong()).isEqualTo(1);
        });
        String metrics = admin.send("GET", "/actuator/prometheus", null).body();
        assertThat(metrics)
                .containsPattern(
                        "pinwheel_bundle_requests_total\\{[^}]*app=\"" + appId + "\"[^}]*status=\"200\"[^}]*} 2\\.0");
        assertThat(metrics)
                .containsPattern(
                        "pinwheel_bundle_requests_total\\{[^}]*app=\"" + appId + "\"[^}]*status=\"304\"[^}]*} 2\\.0");
    }

    @Test
    void answersPipelinedRequestsInOrderOnOneConnection() throws Exception {
        String etag = delivery.fetch(path).headers().firstValue("ETag").orElseThrow();
        try (RawHttp http = new RawHttp(deliveryPort)) {
            http.send(get(path, "If-None-Match: " + etag) + get(path) + "HEAD " + path + " HTTP/1.1\r\nHost: x\r\n\r\n"
                    + get("/v1/apps/nothing/bundle"));
            RawHttp.Response notModified = http.read();
            RawHttp.Response ok = http.read();
            RawHttp.Response head = http.read(true);
            RawHttp.Response missing = http.read();
            assertThat(notModified.status()).isEqualTo(304);
            assertThat(notModified.body()).isEmpty();
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.body()).hasSize(Integer.parseInt(ok.header("Content-Length")));
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Content-Length")).isEqualTo(ok.header("Content-Length"));
            assertThat(missing.status()).isEqualTo(404);
            assertThat(List.of(notModified, ok, head, missing))
                    .allSatisfy(r -> assertThat(r.header("Connection")).isNull());
            http.send(get(path, "Connection: close"));
            assertThat(http.read().header("Connection")).isEqualTo("close");
            assertThat(http.closedByServer()).isTrue();
        }
    }

    @Test
    void rejectsOversizedHeadersAndClosesTheConnection() throws Exception {
        try (RawHttp http = new RawHttp(deliveryPort)) {
            http.send(get(path, "X-Padding: " + "a".repeat(DeliveryListener.MAX_HEADER_BYTES)));
            RawHttp.Response r = http.read();
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(parse(r.body()).get("type").asString()).endsWith("/validation");
            assertThat(http.closedByServer()).isTrue();
        }
        try (RawHttp http = new RawHttp(deliveryPort)) {
            http.send("GET /" + "a".repeat(DeliveryListener.MAX_HEADER_BYTES) + " HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(http.read().status()).isEqualTo(400);
            assertThat(http.closedByServer()).isTrue();
        }
    }

    @Test
    void refusesARequestBodyAndClosesTheConnection() throws Exception {
        try (RawHttp http = new RawHttp(deliveryPort)) {
            http.send("GET " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
            RawHttp.Response r = http.read();
            assertThat(r.status()).isEqualTo(413);
            assertThat(parse(r.body()).get("type").asString()).endsWith("/payload-too-large");
            assertThat(parse(r.body()).get("instance").asString()).isEqualTo(path);
            assertThat(http.closedByServer()).isTrue();
        }
    }

    @Test
    void keepsAnHttp10ConnectionOnlyWhenAskedTo() throws Exception {
        try (RawHttp http = new RawHttp(deliveryPort)) {
            http.send("GET " + path + " HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            assertThat(http.read().header("Connection")).isEqualTo("keep-alive");
            http.send("GET " + path + " HTTP/1.0\r\n\r\n");
            RawHttp.Response last = http.read();
            assertThat(last.status()).isEqualTo(200);
            assertThat(last.header("Connection")).isEqualTo("close");
            assertThat(http.closedByServer()).isTrue();
        }
    }

    @Test
    void closesAConnectionIdleForTheIdleTimeout() throws Exception {
        try (RawHttp http = new RawHttp(deliveryPort)) {
            http.send(get(path));
            assertThat(http.read().status()).isEqualTo(200);
            long start = System.nanoTime();
            assertThat(http.closedByServer()).isTrue(); // blocks until the server closes (1 s here)
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(500));
        }
    }

    private static String get(String path, String... headers) {
        StringBuilder b = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\nHost: localhost\r\n");
        for (String h : headers) {
            b.append(h).append("\r\n");
        }
        return b.append("\r\n").toString();
    }

    private static JsonNode parse(String body) {
        return BundleFixtures.JSON.readTree(body);
    }

    private static JsonNode withoutRequestId(HttpResponse<String> r) {
        ObjectNode body = (ObjectNode) json(r);
        body.remove("requestId");
        return body;
    }
}
