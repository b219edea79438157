package dev.pinwheel;

import static dev.pinwheel.support.DeploymentFiles.composeVariables;
import static dev.pinwheel.support.DeploymentFiles.dockerEntrypoint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.pinwheel.support.BundleFixtures;
import dev.pinwheel.support.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Starts the packaged jar the way the container does: extracted into Spring Boot layers with the
 * Dockerfile's {@code -Djarmode=tools} command, started with the Dockerfile's ENTRYPOINT command
 * line and the environment variable names of docker-compose.yml ({@code SPRING_PROFILES_ACTIVE=prod}),
 * against a fresh PostgreSQL database. Runs in the {@code integration-test} phase (failsafe), after
 * {@code package}.
 */
class PackagedJarIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path work;

    private final OkHttpClient http =
            new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(10)).build();
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : started) {
            p.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void startsLikeTheContainerPublishesServesABundleAndLogsJson() throws Exception {
        Path app = extractLikeTheDockerfile();
        String adminToken = "it-admin-" + random(16);
        String masterKey = random(32);
        Map<String, String> env = productionEnvironment(adminToken, masterKey);
        int port = freePort();
        env.put("SERVER_PORT", Integer.toString(port));
        env.put("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs");
        // makes a log line inside a request, to check that it carries the request id
        env.put("LOGGING_LEVEL_ORG_SPRINGFRAMEWORK_WEB_SERVLET", "DEBUG");
        assertThat(env)
                .as("every variable docker-compose.yml gives the service")
                .containsKeys(composeVariables().toArray(String[]::new));

        Path log = logFile("packaged-jar.log");
        Process process = start(app, env, log);
        String base = "http://127.0.0.1:" + port;
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    assertThat(process.isAlive())
                            .as("the service exited early; log:%n%s", tail(log))
                            .isTrue();
                    return status(base + "/actuator/health/readiness", null, null) == 200;
                });

        assertThat(status(base + "/actuator/health/liveness", null, "it-liveness"))
                .isEqualTo(200);
        try (Response r = call(base + "/actuator/health", adminToken, null)) {
            assertThat(r.body().string()).contains("\"status\":\"UP\"").contains("\"db\"");
        }
        try (Response r = call(base + "/actuator/prometheus", adminToken, null)) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.body().string()).contains("application=\"pinwheel\"");
        }
        // an operator's first steps with the bootstrap token, then a client fetch verified with the JWKS
        BundleFixtures api = new BundleFixtures(port, adminToken);
        BundleFixtures.App pinned = api.appWithDomains(2);
        long seq = api.publishOk(pinned.id());
        HttpResponse<String> bundle = api.fetch("/v1/apps/" + pinned.id() + "/bundle");
        assertThat(bundle.statusCode()).isEqualTo(200);
        assertThat(bundle.headers().firstValue("Content-Type")).hasValue("application/jose");
        JWTClaimsSet claims = BundleFixtures.verify(
                api.fetch("/v1/keys").body(), bundle.body(), pinned.id(), "https://pins.example.com");
        assertThat(claims.getLongClaim("seq")).isEqualTo(seq);
        String etag = bundle.headers().firstValue("ETag").orElseThrow();
        assertThat(api.fetch("/v1/apps/" + pinned.id() + "/bundle", "If-None-Match", etag)
                        .statusCode())
                .isEqualTo(304);
        try (Response r = call(base + "/actuator/prometheus", adminToken, null)) {
            assertThat(r.body().string())
                    .contains("pinwheel_bundle_requests_total{app=\"" + pinned.id()
                            + "\",application=\"pinwheel\",status=\"200\"} 1.0")
                    .contains("pinwheel_bundle_requests_total{app=\"" + pinned.id()
                            + "\",application=\"pinwheel\",status=\"304\"} 1.0")
                    .contains("pinwheel_bundles_stored_total{application=\"pinwheel\",kind=\"publish\"} 1.0")
                    .contains("pinwheel_bundle_expires_in_seconds{app=\"" + pinned.id() + "\"");
        }
        try (Response r = call(base + "/actuator/health", adminToken, null)) {
            assertThat(r.code()).isEqualTo(200);
            JsonNode components = JSON.readTree(r.body().string()).get("components");
            assertThat(components.get("signingKeys").get("status").asString()).isEqualTo("UP");
            assertThat(components.get("bundleFreshness").get("status").asString())
                    .isEqualTo("UP");
            assertThat(components.get("db").get("status").asString()).isEqualTo("UP");
        }

        try (Response r = call(base + "/admin/v1/apps", null, "it-no-token")) {
            assertThat(r.code()).isEqualTo(401);
            assertThat(r.body().string()).contains("\"requestId\":\"it-no-token\"");
        }

        process.destroy(); // SIGTERM, like docker stop: graceful shutdown
        assertThat(process.waitFor(40, TimeUnit.SECONDS))
                .as("stops within the compose grace period")
                .isTrue();

        List<String> lines =
                Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
        List<JsonNode> events = lines.stream().map(PackagedJarIT::json).toList();
        assertThat(events)
                .anySatisfy(e -> assertThat(e.path("message").asString())
                        .startsWith("Pinwheel ready: profile(s) prod, database PostgreSQL")
                        .contains("127.0.0.1:"));
        assertThat(events)
                .anySatisfy(e -> assertThat(e.path("requestId").asString()).isEqualTo("it-liveness"));
        assertThat(String.join("\n", lines)).doesNotContain(adminToken).doesNotContain(masterKey);
    }

    @Test
    void packagedJarRefusesProdWithoutMasterKey() throws Exception {
        Path app = extractLikeTheDockerfile();
        Map<String, String> env = productionEnvironment("it-admin-" + random(16), random(32));
        env.remove("PINWHEEL_MASTER_KEY");
        Path log = logFile("packaged-jar-refused.log");
        Process process = start(app, env, log);

        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).isNotZero();
        assertThat(Files.readString(log))
                .contains(
                        "Refusing to start with the prod profile: PINWHEEL_MASTER_KEY or PINWHEEL_MASTER_KEY_FILE is not set.")
                .doesNotContain("\tat ");
    }

    private Map<String, String> productionEnvironment(String adminToken, String masterKey) {
        TestDatabase db = TestDatabase.get().freshSibling();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SPRING_PROFILES_ACTIVE", "prod");
        env.put("SPRING_DATASOURCE_URL", db.url());
        env.put("SPRING_DATASOURCE_USERNAME", db.user());
        env.put("SPRING_DATASOURCE_PASSWORD", db.password());
        env.put("PINWHEEL_MASTER_KEY", masterKey);
        env.put("PINWHEEL_BOOTSTRAP_TOKEN", adminToken);
        env.put("PINWHEEL_BUNDLES_ISSUER", "https://pins.example.com");
        return env;
    }

    /** {@code java -Djarmode=tools -jar application.jar extract --layers ...}, then the layers' COPYs. */
    private Path extractLikeTheDockerfile() throws Exception {
        Path jar = Path.of(System.getProperty("pinwheel.it.jar", "target/pinwheel-0.1.0-SNAPSHOT.jar"));
        assertThat(jar)
                .as("run with ./mvnw verify: the jar is packaged before integration tests")
                .isRegularFile();
        Path build = Files.createDirectories(work.resolve("build"));
        Files.copy(jar, build.resolve("application.jar"));
        Process extract = new ProcessBuilder(
                        java(),
                        "-Djarmode=tools",
                        "-jar",
                        "application.jar",
                        "extract",
                        "--layers",
                        "--destination",
                        "extracted",
                        "--application-filename",
                        "pinwheel.jar")
                .directory(build.toFile())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("extract.log").toFile())
                .start();
        assertThat(extract.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(extract.exitValue()).as(read(work.resolve("extract.log"))).isZero();
        Path app = Files.createDirectories(work.resolve("application"));
        for (String layer : List.of("dependencies", "spring-boot-loader", "snapshot-dependencies", "application")) {
            copyTree(build.resolve("extracted").resolve(layer), app);
        }
        assertThat(app.resolve("pinwheel.jar")).isRegularFile();
        return app;
    }

    private Process start(Path app, Map<String, String> env, Path log) throws IOException {
        List<String> command = new ArrayList<>(dockerEntrypoint());
        assertThat(command.get(0)).isEqualTo("java");
        command.set(0, java());
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(app.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment()
                .keySet()
                .removeIf(k -> k.startsWith("SPRING_")
                        || k.startsWith("PINWHEEL_")
                        || k.startsWith("LOGGING_")
                        || k.startsWith("JAVA_TOOL")
                        || k.startsWith("JDK_JAVA"));
        pb.environment().putAll(env);
        Process p = pb.start();
        started.add(p);
        return p;
    }

    private int status(String url, String token, String requestId) {
        try (Response r = call(url, token, requestId)) {
            return r.code();
        } catch (IOException e) {
            return -1;
        }
    }

    private Response call(String url, String token, String requestId) throws IOException {
        Request.Builder b = new Request.Builder().url(url);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (requestId != null) {
            b.header("X-Request-Id", requestId);
        }
        return http.newCall(b.build()).execute();
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (RuntimeException e) {
            throw new AssertionError("not a JSON log line: " + line, e);
        }
    }

    /** Kept under target/ so a failure can be read after the run. */
    private static Path logFile(String name) throws IOException {
        return Files.createDirectories(Path.of("target", "it-logs")).resolve(name);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static String tail(Path log) {
        String s = read(log);
        return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
