package dev.pinwheel.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pinwheel.bundles.PublishedBundles;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ServedBundleTests {

    final ServedBundle bundle = ServedBundle.of(new PublishedBundles.LatestBundle(
            "app", 3, "aaa.bbb.ccc", "ab12", Instant.parse("2026-11-26T10:15:30Z"), 3600));

    @Test
    void precomputesEveryHeader() {
        assertThat(bundle.etag()).isEqualTo("\"ab12\"");
        assertThat(bundle.cacheControl()).isEqualTo("public, max-age=3600");
        assertThat(bundle.lastModified()).isEqualTo("Thu, 26 Nov 2026 10:15:30 GMT");
        assertThat(bundle.body()).asString().isEqualTo("aaa.bbb.ccc");
    }

    @Test
    void matchesIfNoneMatchLikeRfc9110() {
        assertThat(bundle.matches("\"ab12\"")).isTrue();
        assertThat(bundle.matches("W/\"ab12\"")).isTrue();
        assertThat(bundle.matches("\"x\", \"ab12\"")).isTrue();
        assertThat(bundle.matches("*")).isTrue();
        assertThat(bundle.matches("\"ab13\"")).isFalse();
        assertThat(bundle.matches("ab12")).isFalse();
        assertThat(bundle.matches("")).isFalse();
        assertThat(bundle.matches(null)).isFalse();
    }
}
