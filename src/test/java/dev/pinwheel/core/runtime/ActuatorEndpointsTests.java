package dev.pinwheel.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pinwheel.support.PinwheelTest;
import dev.pinwheel.support.TestHttp;
import dev.pinwheel.support.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Who may read what under {@code /actuator}: probes are public, a viewer token may scrape
 * Prometheus, everything else needs an admin token; refusals are problem+json with the request id.
 */
@PinwheelTest
class ActuatorEndpointsTests {

    private static final String ADMIN = Tokens.ADMIN;

    @LocalServerPort
    int port;

    private String viewer;

    @BeforeEach
    void createViewerToken() {
        viewer = Tokens.viewer(new TestHttp(port, Tokens.ADMIN));
    }

    @Test
    void livenessAndReadinessArePublic() {
        TestHttp.Response r = get("/actuator/health/liveness", null, null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.raw().body()).contains("\"status\":\"UP\"");
        r = get("/actuator/health/readiness", null, null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.raw().body()).contains("\"status\":\"UP\"");
    }

    @Test
    void healthDetailsOnlyForAdmins() {
        // the overall status may be DOWN (503) when another test left an expired bundle in the shared database
        TestHttp.Response r = get("/actuator/health", null, null);
        assertThat(r.status()).isIn(200, 503);
        assertThat(r.raw().body())
                .contains("\"status\"")
                .doesNotContain("components")
                .doesNotContain("\"db\"");
        r = get("/actuator/health", ADMIN, null);
        assertThat(r.status()).isIn(200, 503);
        assertThat(r.raw().body()).contains("\"db\"").contains("PostgreSQL").contains("signingKeys");
    }

    @Test
    void prometheusNeedsATokenAndAnswersProblemWithRequestId() {
        TestHttp.Response r = get("/actuator/prometheus", null, "scrape-without-token");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.raw().body())
                .contains("\"requestId\":\"scrape-without-token\"")
                .contains("https://pinwheel.dev/problems/unauthorized");
        r = get("/actuator/prometheus", viewer, null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.raw().body()).contains("jvm_memory_used_bytes").contains("application=\"pinwheel\"");
    }

    @Test
    void otherEndpointsNeedAnAdminToken() {
        TestHttp.Response r = get("/actuator/metrics", viewer, "viewer-reads-metrics");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.raw().body())
                .contains("\"requestId\":\"viewer-reads-metrics\"")
                .contains("https://pinwheel.dev/problems/forbidden");
        r = get("/actuator/metrics", ADMIN, null);
        assertThat(r.status()).isEqualTo(200);
        r = get("/actuator/env", ADMIN, null);
        assertThat(r.status()).as("env is not exposed at all").isEqualTo(404);
    }

    private TestHttp.Response get(String path, String token, String requestId) {
        TestHttp http = new TestHttp(port, token);
        return requestId == null ? http.get(path) : http.send("GET", path, null, "X-Request-Id", requestId);
    }
}
