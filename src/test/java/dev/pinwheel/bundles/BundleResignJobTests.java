package dev.pinwheel.bundles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pinwheel.core.jobs.PeriodicJob;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class BundleResignJobTests {

    static BundleProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings))
                .bindOrCreate("pinwheel.bundles", BundleProperties.class);
    }

    @Test
    void looksForDueBundlesEveryResignCheckInterval() {
        BundleProperties properties = bind(Map.of("pinwheel.bundles.resign-check-interval", "7s"));

        assertThat(new BundleResignJob(null, properties).periodicJobs())
                .singleElement()
                .satisfies(job -> {
                    assertThat(job.name()).isEqualTo("bundle-resign");
                    assertThat(job.interval()).isEqualTo(Duration.ofSeconds(7));
                    assertThat(job.initialDelay()).isEqualTo(Duration.ofSeconds(7));
                });
    }

    @Test
    void defaultsToOneMinuteAndRefreshesExpiryMetricsEveryThirtySeconds() {
        BundleProperties properties = bind(Map.of());

        assertThat(new BundleResignJob(null, properties).periodicJobs())
                .extracting(PeriodicJob::interval)
                .containsExactly(Duration.ofMinutes(1));
        assertThat(properties.metricsRefreshInterval()).isEqualTo(Duration.ofSeconds(30));
    }
}
