package dev.pinwheel.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import dev.pinwheel.bundles.BundleManagement;
import dev.pinwheel.pins.PinManagement;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "PINWHEEL_BOOTSTRAP_TOKEN=test-admin-secret", "pinwheel.reports.rate-limit.capacity=3",
        "pinwheel.reports.rate-limit.refill-period=1h"})
class ReportRateLimitWebTests {

    @LocalServerPort
    int port;
    @Autowired
    PinManagement pinManagement;
    @Autowired
    BundleManagement bundleManagement;

    final JsonMapper json = JsonMapper.builder().build();

    @Test
    void rateLimitsABurstFromOneAddressWithRetryAfter() throws Exception {
        ReportFixtures fixtures = new ReportFixtures(pinManagement, bundleManagement);
        String appId = fixtures.app("burst");
        HeldCertificate leaf = new HeldCertificate.Builder().commonName("burst").build();
        String body = json.writeValueAsString(json.createObjectNode().put("hostname", "api.example.test")
                .set("served-certificate-chain", json.createArrayNode().add(leaf.certificatePem())));
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/apps/" + appId + "/reports"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();

        List<Integer> statuses = new java.util.ArrayList<>();
        HttpResponse<String> last = null;
        for (int i = 0; i < 5; i++) {
            last = http.send(request, HttpResponse.BodyHandlers.ofString());
            statuses.add(last.statusCode());
        }

        assertThat(statuses).containsExactly(204, 204, 204, 429, 429);
        assertThat(last.headers().firstValue("Retry-After")).hasValueSatisfying(
                v -> assertThat(Long.parseLong(v)).isBetween(1L, 3600L));
        JsonNode problem = json.readTree(last.body());
        assertThat(last.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(problem.get("type").stringValue()).endsWith("/rate-limited");
        assertThat(problem.get("status").asInt()).isEqualTo(429);
    }
}
