package dev.pinwheel.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RequestIdsTests {

    @Test
    void keepsASaneCallerId() {
        assertThat(RequestIds.of("abc-123_X.y")).isEqualTo("abc-123_X.y");
        assertThat(RequestIds.of("a".repeat(64))).isEqualTo("a".repeat(64));
    }

    @Test
    void replacesMissingOverlongOrUnsafeIds() {
        for (String bad :
                new String[] {null, "", "a".repeat(65), "with space", "line\nbreak", "<script>", "ü", "a/b"}) {
            String id = RequestIds.of(bad);
            assertThat(id).isNotEqualTo(bad);
            assertThat(UUID.fromString(id).version()).isEqualTo(4);
        }
    }

    @Test
    void preEncodedIdsAreVersion4UuidsInTheSameFormAndDistinct() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            byte[] buf = new byte[RequestIds.LENGTH + 4];
            RequestIds.writeNext(buf, 2);
            assertThat(buf[0]).isZero();
            assertThat(buf[buf.length - 1]).isZero();
            String id = new String(buf, 2, RequestIds.LENGTH, StandardCharsets.US_ASCII);
            UUID uuid = UUID.fromString(id);
            assertThat(uuid.toString()).isEqualTo(id);
            assertThat(uuid.version()).isEqualTo(4);
            assertThat(uuid.variant()).isEqualTo(2);
            assertThat(seen.add(id)).isTrue();
        }
    }

    @Test
    void generatedIdsAreVersion4UuidsAndDistinct() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = RequestIds.next();
            UUID uuid = UUID.fromString(id);
            assertThat(uuid.version()).isEqualTo(4);
            assertThat(uuid.variant()).isEqualTo(2);
            assertThat(uuid.toString()).isEqualTo(id);
            seen.add(id);
        }
        assertThat(seen).hasSize(10_000);
    }
}
