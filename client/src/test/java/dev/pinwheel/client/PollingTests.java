package dev.pinwheel.client;

import static dev.pinwheel.client.TestBundles.bundle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PollingTests {

    static final Instant NOW = Instant.now();

    final MockWebServer server = new MockWebServer();
    final RecordingListener listener = new RecordingListener();
    PinwheelClient client;

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.close();
        }
        server.close();
    }

    private PinwheelConfig.Builder config() throws IOException {
        if (!server.getStarted()) {
            server.start();
        }
        return PinwheelConfig.builder()
                .appId(TestBundles.APP)
                .bundleUrl(server.url("/v1/apps/banking/bundle").toString())
                .rootKeys(TestTrust.rootJwks(), 1)
                .baselineKeySet(TestTrust.keySet())
                .listener(listener);
    }

    @Test
    void pollsOnTheBundlesIntervalAndPicksUpEachNewBundle() throws IOException {
        AtomicReference<String> served = new AtomicReference<>(
                bundle(1, NOW).claim("pollIntervalSeconds", 1).sign());
        List<String> ifNoneMatch = new CopyOnWriteArrayList<>();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String jws = served.get();
                String tag = "\"" + Integer.toHexString(jws.hashCode()) + "\"";
                ifNoneMatch.add(String.valueOf(request.getHeaders().get("If-None-Match")));
                if (tag.equals(request.getHeaders().get("If-None-Match"))) {
                    return new MockResponse.Builder().code(304).build();
                }
                return new MockResponse.Builder()
                        .setHeader("ETag", tag)
                        .body(jws)
                        .build();
            }
        });
        server.start();
        client = PinwheelClient.create(
                config().minPollInterval(Duration.ofMillis(200)).build());

        client.start();
        await().until(() -> client.bundle().map(Bundle::seq).orElse(0L) == 1L);
        await().until(() -> ifNoneMatch.stream().anyMatch(h -> !h.equals("null")));
        served.set(bundle(2, NOW).claim("pollIntervalSeconds", 1).sign());
        await().until(() -> client.bundle().map(Bundle::seq).orElse(0L) == 2L);

        assertThat(listener.accepted).extracting(Bundle::seq).containsExactly(1L, 2L);
    }

    @Test
    void keepsPollingThroughFailuresAndRecovers() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return calls.incrementAndGet() <= 3
                        ? new MockResponse.Builder().code(500).build()
                        : new MockResponse.Builder().body(bundle(4, NOW).sign()).build();
            }
        });
        server.start();
        client = PinwheelClient.create(config().minPollInterval(Duration.ofMillis(50))
                .initialBackoff(Duration.ofMillis(10))
                .build());

        client.start();
        await().until(() -> client.bundle().isPresent());
        assertThat(listener.fetchFailures).hasSize(3);
    }

    @Test
    void spreadsPollsWithJitterAroundTheInterval() throws IOException {
        client = PinwheelClient.create(
                config().jitter(0.1).minPollInterval(Duration.ofSeconds(60)).build());
        Duration hour = Duration.ofHours(1);

        assertThat(client.nextDelay(hour, 0, 0.0)).isEqualTo(Duration.ofMinutes(54));
        assertThat(client.nextDelay(hour, 0, 0.5)).isEqualTo(hour);
        assertThat(client.nextDelay(hour, 0, 0.999999)).isBetween(Duration.ofMinutes(65), Duration.ofMinutes(66));
        assertThat(client.nextDelay(Duration.ofSeconds(1), 0, 0.5))
                .as("never below the minimum")
                .isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void backsOffExponentiallyAfterFailuresUpToThePollInterval() throws IOException {
        client = PinwheelClient.create(config().jitter(0.1)
                .initialBackoff(Duration.ofSeconds(30))
                .maxBackoff(Duration.ofMinutes(20))
                .build());
        Duration hour = Duration.ofHours(1);

        assertThat(client.nextDelay(hour, 1, 0.5)).isEqualTo(Duration.ofSeconds(30));
        assertThat(client.nextDelay(hour, 2, 0.5)).isEqualTo(Duration.ofSeconds(60));
        assertThat(client.nextDelay(hour, 3, 0.5)).isEqualTo(Duration.ofSeconds(120));
        assertThat(client.nextDelay(hour, 10, 0.5)).isEqualTo(Duration.ofMinutes(20));
        assertThat(client.nextDelay(Duration.ofMinutes(5), 10, 0.5)).isEqualTo(Duration.ofMinutes(5));
        assertThat(client.nextDelay(hour, 64, 0.5)).isEqualTo(Duration.ofMinutes(20));
    }

    @Test
    void failOpenIsAnnouncedByThePollerEvenWithoutConnections() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder().code(503).build();
            }
        });
        server.start();
        String old = bundle(3, NOW.minus(Duration.ofDays(30)))
                .expiresAt(NOW.minus(Duration.ofDays(16)))
                .claim("maxStaleSeconds", 86400)
                .sign();
        client = PinwheelClient.create(config().baselineBundle(old)
                .minPollInterval(Duration.ofMillis(50))
                .initialBackoff(Duration.ofMillis(10))
                .build());
        assertThat(client.isEnforcing()).isFalse();

        client.start();
        await().until(() -> !listener.failOpen.isEmpty());
        await().until(() -> listener.fetchFailures.size() >= 3);
        assertThat(listener.failOpen).extracting(Bundle::seq).containsExactly(3L);
    }
}
