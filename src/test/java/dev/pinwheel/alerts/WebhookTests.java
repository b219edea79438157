package dev.pinwheel.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pinwheel.support.BundleFixtures;
import dev.pinwheel.support.TestHttp;
import dev.pinwheel.support.WatchSpringTest;
import dev.pinwheel.support.WebhookReceiver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Webhooks end to end with a loopback receiver: registration (the secret is sealed, never shown),
 * signed deliveries, retries with back-off after failures, de-duplication, the delivery log, and
 * every bad registration refused with a problem and nothing stored.
 */
@WatchSpringTest
class WebhookTests {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @Test
    void retriesAFailingReceiverWithBackOffUntilItAccepts() throws Exception {
        TestHttp admin = new TestHttp(port, WatchSpringTest.TOKEN);
        String secret = "s3cret-" + BundleFixtures.suffix() + "-" + BundleFixtures.suffix();
        String app = "spiky-" + BundleFixtures.suffix();
        try (WebhookReceiver receiver = WebhookReceiver.start(2)) {
            TestHttp.Response hook = spikeHook(admin, "retry-" + BundleFixtures.suffix(), receiver.url(), secret);
            assertThat(hook.status()).as(hook.raw().body()).isEqualTo(201);
            long id = hook.json().get("id").asLong();
            assertThat(hook.json().get("conditions").get(0).asString()).isEqualTo("interception-spike");

            events.publishEvent(spike(app));

            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(receiver.received()).hasSize(3));
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(admin.get("/admin/v1/webhooks/" + id + "/deliveries")
                                    .json()
                                    .get("deliveries")
                                    .get(0)
                                    .get("status")
                                    .asString())
                            .isEqualTo("delivered"));
            JsonNode delivery = admin.get("/admin/v1/webhooks/" + id + "/deliveries")
                    .json()
                    .get("deliveries")
                    .get(0);
            assertThat(delivery.get("attempts").asInt()).isEqualTo(3);
            assertThat(delivery.get("lastStatusCode").asInt()).isEqualTo(204);
            assertThat(delivery.get("condition").asString()).isEqualTo("interception-spike");

            // the same body each time, every attempt signed; the retries waited (300 ms, then 600 ms)
            List<WebhookReceiver.Received> got = receiver.received();
            assertThat(got)
                    .extracting(r -> new String(r.body(), StandardCharsets.UTF_8))
                    .containsOnly(new String(got.get(0).body(), StandardCharsets.UTF_8));
            for (WebhookReceiver.Received r : got) {
                assertThat(WebhookSignature.verify(
                                secret.getBytes(StandardCharsets.UTF_8),
                                Long.parseLong(r.headers().get("x-pinwheel-timestamp")),
                                r.body(),
                                r.headers().get("x-pinwheel-signature")))
                        .isTrue();
                assertThat(r.headers().get("content-type")).isEqualTo("application/json");
            }

            // the same condition again within the window: not queued again
            events.publishEvent(spike(app));
            assertThat(admin.get("/admin/v1/webhooks/" + id + "/deliveries")
                            .json()
                            .get("deliveries")
                            .size())
                    .isEqualTo(1);

            // the secret is stored sealed and never shown
            String stored = jdbc.sql("select sealed_secret from webhooks where id = ?")
                    .param(id)
                    .query(String.class)
                    .single();
            assertThat(stored).startsWith("v1:").doesNotContain(secret);
            assertThat(admin.get("/admin/v1/webhooks").raw().body())
                    .doesNotContain(secret)
                    .contains(receiver.url());
            assertThat(admin.get("/admin/v1/webhooks/" + id).raw().body()).doesNotContain(secret);

            assertThat(admin.delete("/admin/v1/webhooks/" + id).status()).isEqualTo(204);
            assertThat(admin.get("/admin/v1/webhooks/" + id).status()).isEqualTo(404);
            assertThat(admin.get("/admin/v1/webhooks/" + id + "/deliveries").status())
                    .isEqualTo(404);
        }
    }

    @Test
    void givesUpAfterTheLastAttemptAndLogsWhy() throws Exception {
        TestHttp admin = new TestHttp(port, WatchSpringTest.TOKEN);
        double failedBefore = meters.get("pinwheel.webhook.attempts")
                .tag("outcome", "failed")
                .counter()
                .count();
        try (WebhookReceiver receiver = WebhookReceiver.start(100)) {
            TestHttp.Response hook =
                    spikeHook(admin, "down-" + BundleFixtures.suffix(), receiver.url(), "0123456789abcdef");
            long id = hook.json().get("id").asLong();
            events.publishEvent(spike("down-" + BundleFixtures.suffix()));
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(admin.get("/admin/v1/webhooks/" + id + "/deliveries")
                                    .json()
                                    .get("deliveries")
                                    .get(0)
                                    .get("status")
                                    .asString())
                            .isEqualTo("failed"));
            JsonNode d = admin.get("/admin/v1/webhooks/" + id + "/deliveries")
                    .json()
                    .get("deliveries")
                    .get(0);
            assertThat(d.get("attempts").asInt()).isEqualTo(4);
            assertThat(d.get("lastStatusCode").asInt()).isEqualTo(500);
            assertThat(d.get("lastError").asString()).contains("HTTP 500");
            assertThat(d.get("nextAttemptAt").isNull()).isTrue();
            assertThat(receiver.received()).hasSize(4);
            // at least this delivery (other tests' webhooks share the counter)
            assertThat(meters.get("pinwheel.webhook.attempts")
                            .tag("outcome", "failed")
                            .counter()
                            .count())
                    .isGreaterThanOrEqualTo(failedBefore + 1);
        }
    }

    @Test
    void refusesBadRegistrationsAndStoresNothing() {
        TestHttp admin = new TestHttp(port, WatchSpringTest.TOKEN);
        int before = admin.get("/admin/v1/webhooks").json().get("webhooks").size();
        Map<String, Object> good = new HashMap<>(Map.of(
                "name",
                "ok-" + BundleFixtures.suffix(),
                "url",
                "http://127.0.0.1:9/hook",
                "secret",
                "0123456789abcdef"));

        assertViolation(admin, with(good, "name", "Not Valid!"), "name");
        assertViolation(admin, with(good, "name", null), "name");
        assertViolation(admin, with(good, "url", "ftp://127.0.0.1/hook"), "url");
        assertViolation(admin, with(good, "url", "http://user:pw@127.0.0.1/hook"), "url");
        assertViolation(admin, with(good, "url", "not a url"), "url");
        assertViolation(admin, with(good, "url", null), "url");
        assertViolation(admin, with(good, "secret", "short"), "secret");
        assertViolation(admin, with(good, "secret", null), "secret");
        assertViolation(admin, with(good, "conditions", List.of("unpinned-key", "bogus")), "conditions[1]");

        TestHttp.Response notJson = admin.post("/admin/v1/webhooks", "{\"name\": ");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.contentType()).contains("application/problem+json");
        assertThat(admin.get("/admin/v1/webhooks").json().get("webhooks").size())
                .isEqualTo(before);

        TestHttp.Response created = admin.post("/admin/v1/webhooks", good);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("conditions").size()).isEqualTo(AlertKind.values().length);
        TestHttp.Response twice = admin.post("/admin/v1/webhooks", good);
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.text("detail")).contains("exists already");
        assertThat(admin.get("/admin/v1/webhooks").json().get("webhooks").size())
                .isEqualTo(before + 1);
        assertThat(admin.get("/admin/v1/webhooks/999999999").status()).isEqualTo(404);
        assertThat(admin.get("/admin/v1/webhooks/" + created.json().get("id").asLong() + "/deliveries?limit=0")
                        .status())
                .isEqualTo(400);
        admin.delete("/admin/v1/webhooks/" + created.json().get("id").asLong());
    }

    /**
     * SSRF: a webhook is sent only to global addresses and to pinwheel.alerts.allowed-networks
     * (127.0.0.1/32 in this context). Decided on the address, before any connection.
     */
    @Test
    void refusesWebhooksToAddressesOutsideTheAllowedNetworks() {
        TestHttp admin = new TestHttp(port, WatchSpringTest.TOKEN);
        int before = admin.get("/admin/v1/webhooks").json().get("webhooks").size();
        for (String url : List.of(
                "http://10.0.0.1/hook",
                "http://169.254.169.254/latest/meta-data/",
                "http://127.0.0.2:8080/hook",
                "http://[::1]:8080/hook",
                "http://[::ffff:192.168.1.1]/hook",
                "https://0.0.0.0/hook")) {
            TestHttp.Response r = admin.post(
                    "/admin/v1/webhooks",
                    Map.of("name", "ssrf-" + BundleFixtures.suffix(), "url", url, "secret", "0123456789abcdef"));
            JsonNode problem = r.problem(422, "address-not-allowed");
            assertThat(problem.get("detail").asString()).as(url).contains("pinwheel.alerts.allowed-networks");
        }
        assertThat(admin.get("/admin/v1/webhooks").json().get("webhooks").size())
                .isEqualTo(before);
    }

    @Test
    void aDeliveryToAnAddressNoLongerAllowedIsNotSent() throws Exception {
        TestHttp admin = new TestHttp(port, WatchSpringTest.TOKEN);
        try (WebhookReceiver receiver = WebhookReceiver.start(0)) {
            TestHttp.Response hook =
                    spikeHook(admin, "moved-" + BundleFixtures.suffix(), receiver.url(), "0123456789abcdef");
            assertThat(hook.status()).as(hook.raw().body()).isEqualTo(201);
            long id = hook.json().get("id").asLong();
            // as if its name now resolved elsewhere: the address is checked again before each delivery
            jdbc.sql("update webhooks set url = ? where id = ?")
                    .params(receiver.url().replace("127.0.0.1", "127.0.0.2"), id)
                    .update();

            events.publishEvent(spike("moved-" + BundleFixtures.suffix()));

            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(admin.get("/admin/v1/webhooks/" + id + "/deliveries")
                                    .json()
                                    .get("deliveries")
                                    .get(0)
                                    .get("lastError")
                                    .asString())
                            .contains("127.0.0.2")
                            .contains("pinwheel.alerts.allowed-networks"));
            assertThat(receiver.received()).isEmpty();
            admin.delete("/admin/v1/webhooks/" + id);
        }
    }

    /** Registers a webhook for interception spikes only. */
    private static TestHttp.Response spikeHook(TestHttp admin, String name, String url, String secret) {
        return admin.post(
                "/admin/v1/webhooks",
                Map.of("name", name, "url", url, "secret", secret, "conditions", List.of("interception-spike")));
    }

    private static void assertViolation(TestHttp admin, Map<String, Object> body, String field) {
        TestHttp.Response r = admin.post("/admin/v1/webhooks", body);
        assertThat(r.status()).as(r.raw().body()).isEqualTo(400);
        assertThat(r.contentType()).contains("application/problem+json");
        assertThat(r.json().get("violations"))
                .extracting(v -> v.get("field").asString())
                .contains(field);
        if (body.get("secret") != null) {
            assertThat(r.raw().body()).doesNotContain((String) body.get("secret"));
        }
    }

    private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> m = new HashMap<>(base);
        m.put(key, value);
        return m;
    }

    private static AlertCondition spike(String app) {
        return new AlertCondition(
                AlertKind.INTERCEPTION_SPIKE,
                "app:" + app,
                "app:" + app,
                "10 reports of app " + app + " classified as possible interception",
                Map.of("app", app),
                Instant.now());
    }
}
