package dev.pinwheel.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;
import java.util.UUID;

import dev.pinwheel.security.ApiToken;
import dev.pinwheel.security.ApiTokenRepository;
import dev.pinwheel.security.Role;
import dev.pinwheel.security.TokenSecrets;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Who may read what under {@code /actuator}: probes are public, a viewer token may scrape
 * Prometheus, everything else needs an admin token; refusals are problem+json with the request id.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        // same configuration as the other end-to-end tests, so they share one application context
        properties = {"PINWHEEL_BOOTSTRAP_TOKEN=test-admin-secret", "pinwheel.bundles.issuer=https://pins.example.test"})
class ActuatorEndpointsTests {

    private static final String ADMIN = "test-admin-secret";

    @LocalServerPort
    int port;

    @Autowired
    ApiTokenRepository tokens;

    private final OkHttpClient http = new OkHttpClient();
    private String viewer;

    @BeforeEach
    void createViewerToken() {
        viewer = TokenSecrets.newSecret();
        tokens.save(new ApiToken("scraper-" + UUID.randomUUID(), Role.VIEWER, TokenSecrets.hash(viewer),
                Instant.now(), "test", null));
    }

    @Test
    void livenessAndReadinessArePublic() throws IOException {
        try (Response r = get("/actuator/health/liveness", null, null)) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.body().string()).contains("\"status\":\"UP\"");
        }
        try (Response r = get("/actuator/health/readiness", null, null)) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.body().string()).contains("\"status\":\"UP\"");
        }
    }

    @Test
    void healthDetailsOnlyForAdmins() throws IOException {
        // the overall status may be DOWN (503) when another test left an expired bundle in the shared database
        try (Response r = get("/actuator/health", null, null)) {
            assertThat(r.code()).isIn(200, 503);
            assertThat(r.body().string()).contains("\"status\"").doesNotContain("components").doesNotContain("\"db\"");
        }
        try (Response r = get("/actuator/health", ADMIN, null)) {
            assertThat(r.code()).isIn(200, 503);
            assertThat(r.body().string()).contains("\"db\"").contains("PostgreSQL").contains("signingKeys");
        }
    }

    @Test
    void prometheusNeedsATokenAndAnswersProblemWithRequestId() throws IOException {
        try (Response r = get("/actuator/prometheus", null, "scrape-without-token")) {
            assertThat(r.code()).isEqualTo(401);
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
            assertThat(r.body().string()).contains("\"requestId\":\"scrape-without-token\"")
                    .contains("https://pinwheel.dev/problems/unauthorized");
        }
        try (Response r = get("/actuator/prometheus", viewer, null)) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.body().string()).contains("jvm_memory_used_bytes").contains("application=\"pinwheel\"");
        }
    }

    @Test
    void otherEndpointsNeedAnAdminToken() throws IOException {
        try (Response r = get("/actuator/metrics", viewer, "viewer-reads-metrics")) {
            assertThat(r.code()).isEqualTo(403);
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
            assertThat(r.body().string()).contains("\"requestId\":\"viewer-reads-metrics\"")
                    .contains("https://pinwheel.dev/problems/forbidden");
        }
        try (Response r = get("/actuator/metrics", ADMIN, null)) {
            assertThat(r.code()).isEqualTo(200);
        }
        try (Response r = get("/actuator/env", ADMIN, null)) {
            assertThat(r.code()).as("env is not exposed at all").isEqualTo(404);
        }
    }

    private Response get(String path, String token, String requestId) throws IOException {
        Request.Builder b = new Request.Builder().url("http://127.0.0.1:" + port + path);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (requestId != null) {
            b.header("X-Request-Id", requestId);
        }
        return http.newCall(b.build()).execute();
    }
}
