package dev.pinwheel.resilience;

import static dev.pinwheel.support.BundleFixtures.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pinwheel.support.BundleFixtures;
import dev.pinwheel.support.RunningPinwheel;
import dev.pinwheel.support.TcpProxy;
import dev.pinwheel.support.TestDatabase;
import dev.pinwheel.support.TestHttp;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The database goes away under a running instance (a {@link TcpProxy} between the service and
 * PostgreSQL is cut) and comes back. A second instance, a replica on the same database without
 * the proxy, publishes while the first one is cut off, as another replica would.
 */
class DatabaseOutageTests {

    /** Every request is bounded: a hanging request fails the test instead of hanging it. */
    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(20);

    static TestDatabase db;
    static TcpProxy proxy;
    static RunningPinwheel service;
    static RunningPinwheel replica;

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabase.get().freshSibling();
        URI server = URI.create(db.url().substring("jdbc:".length()));
        proxy = new TcpProxy(server.getHost(), server.getPort());
        // a request waits 1 s for a database connection before it is refused (3 s by default): the
        // same answers, sooner
        service = RunningPinwheel.start(
                RunningPinwheel.through(proxy, db.url()),
                "pinwheel.delivery.sync-interval=1s",
                "spring.datasource.hikari.connection-timeout=1000");
        replica = RunningPinwheel.start(db.url(), "pinwheel.delivery.sync-interval=1s");
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.close();
        }
        if (replica != null) {
            replica.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @AfterEach
    void restore() {
        proxy.restore();
        awaitDatabaseUsable();
    }

    @Test
    void keepsServingBundlesFromMemoryAndAnswersWritesWith503WhileTheDatabaseIsDown() throws Exception {
        BundleFixtures api = service.api();
        BundleFixtures.App app = api.appWithDomains(2);
        long seq = api.publishOk(app.id());
        String path = "/v1/apps/" + app.id() + "/bundle";
        HttpResponse<String> before = get(service, path, null);
        String etag = before.headers().firstValue("ETag").orElseThrow();

        proxy.cut();

        // many admin writes at once: each answers 503 problem+json, none hangs, and meanwhile
        // clients are still served (the admin requests do not exhaust the request threads)
        List<CompletableFuture<HttpResponse<String>>> writes = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            writes.add(sendAsync(service, "POST", "/admin/v1/apps/" + app.id() + "/bundles", "{\"comment\":\"down\"}"));
            writes.add(sendAsync(
                    service,
                    "POST",
                    "/admin/v1/domains",
                    "{\"host\":\"down-" + i + "-" + BundleFixtures.suffix() + ".example.com\",\"mode\":\"enforce\"}"));
        }
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> fetched = get(service, path, null);
            assertThat(fetched.statusCode()).isEqualTo(200);
            assertThat(fetched.body()).isEqualTo(before.body());
            assertThat(fetched.headers().firstValue("ETag")).hasValue(etag);
            assertThat(get(service, path, etag).statusCode()).isEqualTo(304);
        }
        for (CompletableFuture<HttpResponse<String>> w : writes) {
            HttpResponse<String> r = w.join();
            assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
            assertThat(r.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
            assertThat(r.headers().firstValue("Retry-After")).isPresent();
            JsonNode problem = JSON.readTree(r.body());
            assertThat(problem.get("type").asString()).endsWith("/unavailable");
            assertThat(problem.get("status").asInt()).isEqualTo(503);
            assertThat(problem.has("requestId")).isTrue();
            assertThat(r.body()).doesNotContain("Exception").doesNotContain("jdbc:");
        }

        HttpResponse<String> health = get(service, "/actuator/health", null);
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(health.body()).get("status").asString())
                .as(health.body())
                .isEqualTo("DOWN");
        // the replica on the same database is not affected, and says so
        assertThat(get(replica, "/actuator/health", null).statusCode()).isEqualTo(200);
        // nothing of the refused writes was stored
        proxy.restore();
        awaitDatabaseUsable();
        assertThat(get(service, path, null).headers().firstValue("ETag")).hasValue(etag);
        JsonNode history = JSON.readTree(send(service, "GET", "/admin/v1/apps/" + app.id() + "/bundles", null)
                .body());
        assertThat(history.get("items").get(0).get("seq").asLong()).isEqualTo(seq);
    }

    @Test
    void recoversWithoutRestartWhenTheDatabaseIsBack() throws Exception {
        BundleFixtures api = service.api();
        BundleFixtures.App app = api.appWithDomains(2);
        long first = api.publishOk(app.id());
        String path = "/v1/apps/" + app.id() + "/bundle";

        proxy.cut();
        assertThat(send(service, "POST", "/admin/v1/apps/" + app.id() + "/bundles", "{}")
                        .statusCode())
                .isEqualTo(503);
        // another replica publishes while this instance cannot hear about it
        long second = replica.api().publishOk(app.id());
        assertThat(seqOf(get(service, path, null))).isEqualTo(first);

        proxy.restore();

        // the listener/sync connection comes back by itself and picks up the replica's bundle
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(seqOf(get(service, path, null))).isEqualTo(second));
        // the connection pool serves admin requests again
        awaitDatabaseUsable();
        assertThat(get(service, "/actuator/health", null).statusCode()).isEqualTo(200);
        // a publish after recovery reaches clients of this instance and of the replica
        long third = service.api().publishOk(app.id());
        assertThat(third).isEqualTo(second + 1);
        assertThat(seqOf(get(service, path, null))).isEqualTo(third);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(seqOf(get(replica, path, null))).isEqualTo(third));
        // and the bundle a client gets verifies with the public keys
        HttpResponse<String> bundle = get(service, path, null);
        assertThat(BundleFixtures.verify(
                                get(service, "/v1/keys", null).body(), bundle.body(), app.id(), RunningPinwheel.ISSUER)
                        .getLongClaim("seq"))
                .isEqualTo(third);
    }

    /** Health UP (its db check passes through the pool), then an admin read answers. */
    private void awaitDatabaseUsable() {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(
                        () -> assertThat(get(service, "/actuator/health", null).statusCode())
                                .isEqualTo(200));
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(
                                send(service, "GET", "/admin/v1/apps", null).statusCode())
                        .isEqualTo(200));
    }

    private static long seqOf(HttpResponse<String> bundle) throws Exception {
        assertThat(bundle.statusCode()).isEqualTo(200);
        return com.nimbusds.jose.JWSObject.parse(bundle.body())
                                .getPayload()
                                .toJSONObject()
                                .get("seq")
                        instanceof Number n
                ? n.longValue()
                : -1;
    }

    /** An anonymous GET, as a client app sends it. */
    private HttpResponse<String> get(RunningPinwheel target, String path, String ifNoneMatch) {
        TestHttp client = http(target).anonymous();
        return ifNoneMatch == null
                ? client.exchange("GET", path, null)
                : client.exchange("GET", path, null, "If-None-Match", ifNoneMatch);
    }

    private HttpResponse<String> send(RunningPinwheel target, String method, String path, String body) {
        return sendAsync(target, method, path, body).join();
    }

    private CompletableFuture<HttpResponse<String>> sendAsync(
            RunningPinwheel target, String method, String path, String body) {
        TestHttp admin = http(target);
        return admin.sendAsync(admin.request(method, path, body));
    }

    /** An admin client of {@code target} whose requests are bounded by {@link #CLIENT_TIMEOUT}. */
    private static TestHttp http(RunningPinwheel target) {
        return new TestHttp(target.port(), RunningPinwheel.ADMIN_TOKEN).withTimeout(CLIENT_TIMEOUT);
    }
}
