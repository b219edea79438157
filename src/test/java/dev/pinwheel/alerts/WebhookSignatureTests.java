package dev.pinwheel.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The webhook signature as a receiver recomputes it, and the retry back-off. */
class WebhookSignatureTests {

    private static final byte[] SECRET = "0123456789abcdef-secret".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BODY = "{\"condition\":\"unpinned-key\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void signsTheTimestampADotAndTheBodyWithHmacSha256() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
        byte[] expected = mac.doFinal(
                ("1764400000." + new String(BODY, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));

        assertThat(WebhookSignature.sign(SECRET, 1764400000L, BODY))
                .isEqualTo("sha256=" + java.util.HexFormat.of().formatHex(expected));
    }

    @Test
    void rejectsATamperedBodyAnotherTimestampAnotherSecretAndNoHeader() {
        String header = WebhookSignature.sign(SECRET, 1764400000L, BODY);
        assertThat(WebhookSignature.verify(SECRET, 1764400000L, BODY, header)).isTrue();
        assertThat(WebhookSignature.verify(SECRET, 1764400000L, "{\"condition\":\"x\"}".getBytes(), header))
                .isFalse();
        assertThat(WebhookSignature.verify(SECRET, 1764400001L, BODY, header)).isFalse();
        assertThat(WebhookSignature.verify("another-secret-0123".getBytes(), 1764400000L, BODY, header))
                .isFalse();
        assertThat(WebhookSignature.verify(SECRET, 1764400000L, BODY, null)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, 1764400000L, BODY, header.toUpperCase()))
                .isFalse();
    }

    @Test
    void backOffDoublesFromTheInitialWaitUpToTheMaximum() {
        AlertProperties p = new AlertProperties(
                true,
                Duration.ofHours(6),
                Duration.ofSeconds(5),
                6,
                Duration.ofSeconds(30),
                Duration.ofMinutes(3),
                Duration.ofSeconds(10),
                10,
                Duration.ofMinutes(15),
                List.of());
        assertThat(p.backoffAfter(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.backoffAfter(2)).isEqualTo(Duration.ofSeconds(60));
        assertThat(p.backoffAfter(3)).isEqualTo(Duration.ofSeconds(120));
        assertThat(p.backoffAfter(4)).isEqualTo(Duration.ofMinutes(3));
        assertThat(p.backoffAfter(40)).isEqualTo(Duration.ofMinutes(3));
    }
}
