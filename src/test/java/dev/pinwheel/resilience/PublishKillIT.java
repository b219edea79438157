package dev.pinwheel.resilience;

import static dev.pinwheel.support.BundleFixtures.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.pinwheel.support.BundleFixtures;
import dev.pinwheel.support.TestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The packaged jar, started as its own process, is killed with SIGKILL while publishes of a big
 * app are in flight (several clients publish back to back, so one is always inside its
 * transaction). A new process on the same database then serves either the old or the new bundle —
 * complete and correctly signed, never a partial one — and publishes again. Runs in the
 * {@code integration-test} phase (failsafe), after {@code package}.
 */
class PublishKillIT {

    static final String ISSUER = "https://pins.example.com";
    static final int DOMAINS = 300;

    private final List<Process> started = new ArrayList<>();
    private final String token = "kill-it-" + BundleFixtures.suffix() + BundleFixtures.suffix();
    /** Base64 of 32 random bytes, like a pin. */
    private final String masterKey = BundleFixtures.randomPin();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : started) {
            p.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void sigkillDuringPublishLeavesTheOldOrTheNewBundleAndTheNextPublishSucceeds() throws Exception {
        TestDatabase db = TestDatabase.get().freshSibling();
        int port = freePort();
        Process first = start(db, port, "publish-kill-1.log");
        BundleFixtures api = new BundleFixtures(port, token);

        String appId = bigApp(api);
        long firstSeq = api.publishOk(appId);

        // publishers back to back until the kill; remember the highest acknowledged seq
        AtomicBoolean killed = new AtomicBoolean();
        AtomicLong acknowledged = new AtomicLong(firstSeq);
        AtomicInteger interrupted = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<?>> publishers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            publishers.add(pool.submit(() -> {
                while (!killed.get()) {
                    try {
                        HttpResponse<String> r = publish(port, appId);
                        if (r.statusCode() == 201) {
                            acknowledged.accumulateAndGet(
                                    JSON.readTree(r.body())
                                            .get("bundle")
                                            .get("seq")
                                            .asLong(),
                                    Math::max);
                            completed.incrementAndGet();
                        }
                    } catch (IOException e) {
                        if (killed.get()) {
                            interrupted.incrementAndGet(); // this publish was in flight at the kill
                        }
                        return null;
                    }
                }
                return null;
            }));
        }
        await().atMost(Duration.ofMinutes(2)).until(() -> completed.get() >= 2);
        killed.set(true);
        first.destroyForcibly(); // SIGKILL: no shutdown hook, no graceful shutdown
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        for (Future<?> f : publishers) {
            f.get(1, TimeUnit.MINUTES);
        }
        pool.shutdown();
        assertThat(interrupted.get())
                .as("a publish was in flight when the process was killed")
                .isPositive();

        Process second = start(db, port, "publish-kill-2.log");
        assertThat(second.isAlive()).isTrue();
        HttpResponse<String> served = api.fetch("/v1/apps/" + appId + "/bundle");
        assertThat(served.statusCode()).isEqualTo(200);
        JWTClaimsSet claims = BundleFixtures.verify(api.fetch("/v1/keys").body(), served.body(), appId, ISSUER);
        long servedSeq = claims.getLongClaim("seq");
        // the newest committed bundle: at least every acknowledged one, at most one unacknowledged more
        JsonNode history = BundleFixtures.json(api.send("GET", "/admin/v1/apps/" + appId + "/bundles?limit=1", null));
        assertThat(servedSeq)
                .isEqualTo(history.get("items").get(0).get("seq").asLong())
                .isBetween(acknowledged.get(), acknowledged.get() + 3);
        // complete: every domain with its pins
        List<?> domains = (List<?>) claims.getClaim("domains");
        assertThat(domains).hasSize(DOMAINS);
        assertThat(domains)
                .allSatisfy(d ->
                        assertThat((List<?>) ((Map<?, ?>) d).get("pins")).hasSize(2));
        // the stored copy is byte for byte what is served
        JsonNode stored =
                BundleFixtures.json(api.send("GET", "/admin/v1/apps/" + appId + "/bundles/" + servedSeq, null));
        assertThat(stored.get("jws").asString()).isEqualTo(served.body());

        long next = api.publishOk(appId);
        assertThat(next).isEqualTo(servedSeq + 1);
        HttpResponse<String> after = api.fetch("/v1/apps/" + appId + "/bundle");
        assertThat(BundleFixtures.verify(api.fetch("/v1/keys").body(), after.body(), appId, ISSUER)
                        .getLongClaim("seq"))
                .isEqualTo(next);
    }

    /** An app with {@value #DOMAINS} domains of two pins each, so that a publish takes a while. */
    private String bigApp(BundleFixtures api) throws Exception {
        String appId = api.createApp("big");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<String>> hosts = new ArrayList<>();
        for (int i = 0; i < DOMAINS; i++) {
            int n = i;
            hosts.add(pool.submit(() -> {
                String host = api.createDomain("k" + n, "enforce");
                api.setPins(host, 0, List.of(BundleFixtures.randomPin(), BundleFixtures.randomPin()));
                return host;
            }));
        }
        List<String> list = new ArrayList<>();
        for (Future<String> h : hosts) {
            list.add(h.get(5, TimeUnit.MINUTES));
        }
        pool.shutdown();
        api.setDomains(appId, list);
        return appId;
    }

    private HttpResponse<String> publish(int port, String appId) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/admin/v1/apps/" + appId + "/bundles"))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"comment\":\"before the kill\"}"))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private Process start(TestDatabase db, int port, String logName) throws Exception {
        Path jar = Path.of(System.getProperty("pinwheel.it.jar", "target/pinwheel-0.1.0-SNAPSHOT.jar"));
        assertThat(jar)
                .as("run with ./mvnw verify: the jar is packaged before integration tests")
                .isRegularFile();
        Path log = Files.createDirectories(Path.of("target", "it-logs")).resolve(logName);
        ProcessBuilder pb = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-jar",
                        jar.toAbsolutePath().toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment()
                .keySet()
                .removeIf(k -> k.startsWith("SPRING_")
                        || k.startsWith("PINWHEEL_")
                        || k.startsWith("LOGGING_")
                        || k.startsWith("JAVA_TOOL")
                        || k.startsWith("JDK_JAVA"));
        pb.environment()
                .putAll(Map.of(
                        "SPRING_PROFILES_ACTIVE",
                        "prod",
                        "SPRING_DATASOURCE_URL",
                        db.url(),
                        "SPRING_DATASOURCE_USERNAME",
                        db.user(),
                        "SPRING_DATASOURCE_PASSWORD",
                        db.password(),
                        "PINWHEEL_MASTER_KEY",
                        masterKey,
                        "PINWHEEL_BOOTSTRAP_TOKEN",
                        token,
                        "PINWHEEL_BUNDLES_ISSUER",
                        ISSUER,
                        "SERVER_PORT",
                        Integer.toString(port)));
        Process p = pb.start();
        started.add(p);
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    assertThat(p.isAlive())
                            .as("the service exited early; see %s", log)
                            .isTrue();
                    return status("http://localhost:" + port + "/actuator/health/readiness") == 200;
                });
        return p;
    }

    private int status(String url) {
        try {
            return http.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
