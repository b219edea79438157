package dev.pinwheel.signing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pinwheel.support.PinwheelTest;
import dev.pinwheel.support.TestHttp;
import dev.pinwheel.support.Tokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code /actuator/health} is public and its status includes the signing-key check, which decrypts
 * the active key and signs: a flood of anonymous calls must not turn into a flood of signatures.
 */
@PinwheelTest
class SigningHealthFloodTests {

    @LocalServerPort
    int port;

    @Autowired
    SigningKeysHealthIndicator indicator;

    @Test
    void anonymousHealthFloodSignsAtMostOnce() {
        String details;
        assertThat(get(null).status()).isIn(200, 503);
        long before = indicator.probes();
        for (int i = 0; i < 50; i++) {
            TestHttp.Response r = get(null);
            assertThat(r.status()).isIn(200, 503);
            assertThat(r.raw().body()).contains("\"status\"").doesNotContain("signingKeys");
        }
        details = get(Tokens.ADMIN).raw().body();
        // the default interval is 30 s: at most one more probe if the first one's interval just ran out
        assertThat(indicator.probes() - before).isLessThanOrEqualTo(1);
        assertThat(details)
                .contains("\"signingKeys\"")
                .contains("\"checkedAt\"")
                .contains("\"activeKid\"");
    }

    private TestHttp.Response get(String token) {
        return new TestHttp(port, token).get("/actuator/health");
    }
}
