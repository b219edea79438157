package dev.pinwheel.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code /actuator/health} is public and its status includes the signing-key check, which decrypts
 * the active key and signs: a flood of anonymous calls must not turn into a flood of signatures.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        // same configuration as the other end-to-end tests, so they share one application context
        properties = {"PINWHEEL_BOOTSTRAP_TOKEN=test-admin-secret", "pinwheel.bundles.issuer=https://pins.example.test"})
class SigningHealthFloodTests {

    @LocalServerPort
    int port;

    @Autowired
    SigningKeysHealthIndicator indicator;

    private final OkHttpClient http = new OkHttpClient();

    @Test
    void anonymousHealthFloodSignsAtMostOnce() throws IOException {
        String details;
        try (Response r = get(null)) {
            assertThat(r.code()).isIn(200, 503);
        }
        long before = indicator.probes();
        for (int i = 0; i < 50; i++) {
            try (Response r = get(null)) {
                assertThat(r.code()).isIn(200, 503);
                assertThat(r.body().string()).contains("\"status\"").doesNotContain("signingKeys");
            }
        }
        try (Response r = get("test-admin-secret")) {
            details = r.body().string();
        }
        // the default interval is 30 s: at most one more probe if the first one's interval just ran out
        assertThat(indicator.probes() - before).isLessThanOrEqualTo(1);
        assertThat(details).contains("\"signingKeys\"").contains("\"checkedAt\"").contains("\"activeKid\"");
    }

    private Response get(String token) throws IOException {
        Request.Builder b = new Request.Builder().url("http://127.0.0.1:" + port + "/actuator/health");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.newCall(b.build()).execute();
    }
}
