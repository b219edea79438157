package dev.pinwheel.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pinwheel.alerts.WebhookSignature;
import dev.pinwheel.support.RotationScenario;
import dev.pinwheel.support.WatchSpringTest;
import dev.pinwheel.support.WebhookReceiver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pin-failure reports whose served chain matches no pin the app ever published (a possible
 * interception) reach a webhook as an {@code interception-spike} once there are enough of them
 * (three in this test context) — and not before.
 */
@WatchSpringTest
class InterceptionSpikeTests extends RotationScenario {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void reportsClassifiedAsPossibleInterceptionRaiseASpikeWebhook() throws Exception {
        ReportFixtures fixtures = new ReportFixtures(pins, bundles);
        String host = "spike-" + ReportFixtures.suffix() + ".example.test";
        String app = fixtures.publishedAppPinning("spike", host);
        HeldCertificate attacker = new HeldCertificate.Builder()
                .commonName(host)
                .addSubjectAlternativeName(host)
                .ecdsa256()
                .build();
        String secret = "spike-secret-" + ReportFixtures.suffix();

        try (WebhookReceiver receiver = WebhookReceiver.start(0);
                ReportClient client = new ReportClient(port)) {
            assertThat(admin.post(
                                    "/admin/v1/webhooks",
                                    Map.of(
                                            "name",
                                            "spike-" + ReportFixtures.suffix(),
                                            "url",
                                            receiver.url(),
                                            "secret",
                                            secret,
                                            "conditions",
                                            List.of("interception-spike")))
                            .status())
                    .isEqualTo(201);
            for (int i = 0; i < 2; i++) {
                assertThat(client.post(app, JSON.writeValueAsBytes(ReportFixtures.report(host, attacker, i)))
                                .statusCode())
                        .isEqualTo(204);
            }
            assertThat(admin.get("/admin/v1/apps/" + app + "/reports").raw().body())
                    .contains("POSSIBLE_INTERCEPTION");
            assertThat(forApp(receiver, app)).as("two reports are no spike").isEmpty();

            assertThat(client.post(app, JSON.writeValueAsBytes(ReportFixtures.report(host, attacker, 2)))
                            .statusCode())
                    .isEqualTo(204);
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(forApp(receiver, app)).hasSize(1));
            WebhookReceiver.Received got = forApp(receiver, app).get(0);
            assertThat(WebhookSignature.verify(
                            secret.getBytes(StandardCharsets.UTF_8),
                            Long.parseLong(got.headers().get("x-pinwheel-timestamp")),
                            got.body(),
                            got.headers().get("x-pinwheel-signature")))
                    .isTrue();
            JsonNode body = JSON.readTree(got.body());
            assertThat(body.get("condition").asString()).isEqualTo("interception-spike");
            assertThat(body.get("details").get("host").asString()).isEqualTo(host);
            assertThat(body.get("details").get("reports").asInt()).isEqualTo(3);
        }
    }

    private static List<WebhookReceiver.Received> forApp(WebhookReceiver receiver, String app) {
        return receiver.received().stream()
                .filter(r -> new String(r.body(), StandardCharsets.UTF_8).contains("\"app:" + app + "\""))
                .toList();
    }
}
