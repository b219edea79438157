package dev.pinwheel.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pinwheel.alerts.WebhookSignature;
import dev.pinwheel.pins.DomainMode;
import dev.pinwheel.pins.HostName;
import dev.pinwheel.support.BundleFixtures;
import dev.pinwheel.support.RotationScenario;
import dev.pinwheel.support.TestHttp;
import dev.pinwheel.support.TlsTestServer;
import dev.pinwheel.support.WatchSpringTest;
import dev.pinwheel.support.WebhookReceiver;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The watch against real TLS servers: it records what a host serves and flags a host switched to
 * a staged key before any bundle pins it — within one watch period — on the findings endpoint,
 * the Prometheus gauge and a signed webhook.
 */
@WatchSpringTest
class WatchTests extends RotationScenario {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MeterRegistry meters;

    @Test
    void flagsAHostSwitchedToAnUnpinnedKeyWithinOneWatchPeriod() throws Exception {
        String secret = "whsec-" + BundleFixtures.suffix() + BundleFixtures.suffix();

        try (TlsTestServer server = TlsTestServer.start(certA, root.certificate());
                WebhookReceiver receiver = WebhookReceiver.start(0)) {
            TestHttp.Response hook = admin.post(
                    "/admin/v1/webhooks",
                    Map.of(
                            "name",
                            "watch-" + sfx,
                            "url",
                            receiver.url(),
                            "secret",
                            secret,
                            "conditions",
                            List.of("unpinned-key")));
            assertThat(hook.status()).as(hook.raw().body()).isEqualTo(201);
            assertThat(hook.raw().body()).doesNotContain(secret);

            f.appWithDomain(app, host);
            f.setPins(host, a + " primary", BundleFixtures.randomPin() + " backup");
            admin.put("/admin/v1/domains/" + host + "/live-check", Map.of("enabled", true, "port", server.port()));
            f.publish(app);

            // the watch records what the host serves: A, pinned, no finding
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(
                                    newest(admin, host).get("servedPin").asString())
                            .isEqualTo("sha256/" + a));
            JsonNode seen = newest(admin, host);
            assertThat(seen.get("address").asString()).isEqualTo("127.0.0.1");
            assertThat(seen.get("port").asInt()).isEqualTo(server.port());
            assertThat(seen.get("chainPins").get(0).asString()).isEqualTo("sha256/" + a);
            assertThat(seen.get("leafNotAfter").isNull()).isFalse();
            assertThat(findingsFor(admin, host)).isEmpty();

            // B is staged but no bundle pins it yet; the server is switched to B too early
            assertThat(admin.post("/admin/v1/domains/" + host + "/rotations", Map.of("pin", "sha256/" + b))
                            .status())
                    .isEqualTo(201);
            server.serve(certB, root.certificate());
            long switched = System.nanoTime();
            await().atMost(Duration.ofMillis(WatchSpringTest.WATCH_INTERVAL_MS + 3000))
                    .pollInterval(Duration.ofMillis(50))
                    .untilAsserted(() -> assertThat(findingsFor(admin, host))
                            .extracting(n -> n.get("kind").asString())
                            .contains("unpinned-key"));
            long tookMs = (System.nanoTime() - switched) / 1_000_000;
            JsonNode finding = findingsFor(admin, host).stream()
                    .filter(n -> n.get("kind").asString().equals("unpinned-key"))
                    .findFirst()
                    .orElseThrow();
            assertThat(finding.get("details").get("servedPin").asString()).isEqualTo("sha256/" + b);
            assertThat(finding.get("details").get("apps").get(0).asString()).startsWith(app);
            assertThat(finding.get("summary").asString()).contains("does not pin");
            assertThat(tookMs)
                    .as("flagged within one watch period plus a probe")
                    .isLessThan(WatchSpringTest.WATCH_INTERVAL_MS + 3000);
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(meters.get("pinwheel.watch.findings")
                                    .tag("kind", "unpinned-key")
                                    .gauge()
                                    .value())
                            .isGreaterThanOrEqualTo(1.0));

            // the webhook receives it once, signed with the secret
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(forHost(receiver, host)).isNotEmpty());
            WebhookReceiver.Received got = forHost(receiver, host).get(0);
            long timestamp = Long.parseLong(got.headers().get("x-pinwheel-timestamp"));
            assertThat(WebhookSignature.verify(
                            secret.getBytes(StandardCharsets.UTF_8),
                            timestamp,
                            got.body(),
                            got.headers().get("x-pinwheel-signature")))
                    .isTrue();
            assertThat(WebhookSignature.verify(
                            "another-secret-of-16".getBytes(StandardCharsets.UTF_8),
                            timestamp,
                            got.body(),
                            got.headers().get("x-pinwheel-signature")))
                    .isFalse();
            JsonNode body = JSON.readTree(got.body());
            assertThat(body.get("condition").asString()).isEqualTo("unpinned-key");
            assertThat(body.get("subject").asString()).isEqualTo("domain:" + host);
            assertThat(got.headers().get("x-pinwheel-condition")).isEqualTo("unpinned-key");

            // later watch runs raise it again, but it is not sent again within the de-duplication window
            long seenBefore = newest(admin, host).get("id").asLong();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                int later = 0;
                for (JsonNode o : admin.get("/admin/v1/domains/" + host + "/observations?limit=5")
                        .json()
                        .get("observations")) {
                    later += o.get("id").asLong() > seenBefore ? 1 : 0;
                }
                return later >= 2;
            });
            assertThat(forHost(receiver, host)).hasSize(1);
            JsonNode log = admin.get(
                            "/admin/v1/webhooks/" + hook.json().get("id").asLong() + "/deliveries")
                    .json()
                    .get("deliveries");
            assertThat(log.size()).isEqualTo(1);
            assertThat(log.get(0).get("status").asString()).isEqualTo("delivered");
            assertThat(log.get(0).get("dedupKey").asString()).isEqualTo(host + "|" + b);
        }
    }

    @Test
    void observationsOfAnUnknownDomainOrWithABadLimitAreRefused() {
        TestHttp.Response unknown =
                admin.get("/admin/v1/domains/nope-" + BundleFixtures.suffix() + ".rotation.test/observations");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).contains("application/problem+json");
        String host = "limit-" + BundleFixtures.suffix() + ".rotation.test";
        pins.createDomain(HostName.of(host), false, DomainMode.ENFORCE);
        TestHttp.Response bad = admin.get("/admin/v1/domains/" + host + "/observations?limit=0");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("violations").get(0).get("field").asString()).isEqualTo("limit");
        assertThat(admin.get("/admin/v1/domains/" + host + "/observations")
                        .json()
                        .get("observations")
                        .size())
                .isZero();
    }

    private static JsonNode newest(TestHttp admin, String host) {
        JsonNode list = admin.get("/admin/v1/domains/" + host + "/observations?limit=1")
                .json()
                .get("observations");
        assertThat(list.size()).isEqualTo(1);
        return list.get(0);
    }

    private static List<JsonNode> findingsFor(TestHttp admin, String host) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode n : admin.get("/admin/v1/watch/findings").json().get("findings")) {
            if (n.get("subject").asString().equals("domain:" + host)) {
                out.add(n);
            }
        }
        return out;
    }

    private static List<WebhookReceiver.Received> forHost(WebhookReceiver receiver, String host) {
        return receiver.received().stream()
                .filter(r -> new String(r.body(), StandardCharsets.UTF_8).contains("\"domain:" + host + "\""))
                .toList();
    }
}
