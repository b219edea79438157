package dev.pinwheel.client.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The real Pinwheel service: the jar built from this repository, started as a separate process
 * (production profile, the environment variables of docker-compose.yml) on a fresh PostgreSQL
 * database, with its times shortened by configuration. Plus a small admin API client.
 *
 * <p>Which jar: the system property {@code pinwheel.server.jar}, else {@code ../target/pinwheel-*.jar}
 * (the parent project's {@code ./mvnw package}). When there is none the proof is skipped on a
 * developer machine and FAILS when {@code pinwheel.e2e.required=true} or the environment says
 * {@code CI=true}: CI never silently skips it.
 */
final class PinwheelService implements AutoCloseable {

    private static final MediaType JSON = MediaType.get("application/json");

    final String base;
    final String adminToken = "e2e-admin-" + random(18);
    private final Process process;
    private final Path log;
    private final Database database;
    private final OkHttpClient http =
            new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(30)).build();

    private PinwheelService(Path jar, Map<String, String> settings, int port) throws IOException {
        database = Database.create();
        base = "http://127.0.0.1:" + port;
        List<String> command = new ArrayList<>(List.of(
                java(),
                "-Xmx384m",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                jar.toAbsolutePath().toString(),
                "--server.port=" + port));
        settings.forEach((name, value) -> command.add("--" + name + "=" + value));
        command.add("--server.address=127.0.0.1");
        log = Files.createDirectories(Path.of("target", "it-logs")).resolve("pinwheel-service.log");
        ProcessBuilder pb =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment()
                .keySet()
                .removeIf(k -> k.startsWith("SPRING_")
                        || k.startsWith("PINWHEEL_")
                        || k.startsWith("LOGGING_")
                        || k.startsWith("JAVA_TOOL")
                        || k.startsWith("JDK_JAVA"));
        pb.environment().put("SPRING_PROFILES_ACTIVE", "prod");
        pb.environment().put("SPRING_DATASOURCE_URL", database.url);
        pb.environment().put("SPRING_DATASOURCE_USERNAME", database.user);
        pb.environment().put("SPRING_DATASOURCE_PASSWORD", database.password);
        pb.environment().put("PINWHEEL_MASTER_KEY", random(32));
        pb.environment().put("PINWHEEL_BOOTSTRAP_TOKEN", adminToken);
        pb.environment().put("PINWHEEL_BUNDLES_ISSUER", base);
        process = pb.start();
    }

    /** Starts the service jar and waits until it is ready. */
    static PinwheelService start(Path jar, Map<String, String> settings) throws IOException {
        return start(jar, settings, freePort());
    }

    /** Starts the service jar on a given port of 127.0.0.1 and waits until it is ready. */
    static PinwheelService start(Path jar, Map<String, String> settings, int port) throws IOException {
        PinwheelService service = new PinwheelService(jar, settings, port);
        try {
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(300))
                    .until(() -> {
                        assertThat(service.process.isAlive())
                                .as("the service exited early; log:%n%s", service.tail())
                                .isTrue();
                        return service.status("/actuator/health/readiness") == 200;
                    });
        } catch (RuntimeException | Error e) {
            service.close();
            throw e;
        }
        return service;
    }

    /**
     * The jar to test, or null when there is none and the proof is not required here.
     *
     * @throws AssertionError when the proof is required (CI) and the jar is missing
     */
    static Path serverJar() throws IOException {
        String configured = System.getProperty("pinwheel.server.jar", "").strip();
        boolean required = Boolean.parseBoolean(System.getProperty("pinwheel.e2e.required", "false"))
                || "true".equalsIgnoreCase(System.getenv("CI"));
        Path jar = null;
        if (!configured.isEmpty()) {
            jar = Path.of(configured);
            assertThat(jar)
                    .as("pinwheel.server.jar names the service jar to test")
                    .isRegularFile();
            return jar;
        }
        Path target = Path.of("..", "target");
        if (Files.isDirectory(target)) {
            try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, "pinwheel-*.jar")) {
                for (Path candidate : jars) {
                    jar = candidate;
                }
            }
        }
        if (jar == null && required) {
            throw new AssertionError("The end-to-end proof needs the service jar, and it is required here "
                    + "(CI=true or -Dpinwheel.e2e.required=true): build it first with ./mvnw -B -ntp -DskipTests package "
                    + "in the repository root, or pass -Dpinwheel.server.jar=/path/to/pinwheel.jar");
        }
        if (jar == null) {
            System.out.println("RotationEndToEndIT SKIPPED: no service jar in ../target (not required here; "
                    + "CI=true or -Dpinwheel.e2e.required=true make it a failure)");
        }
        return jar;
    }

    // ---- admin API ----

    /** An answer of the admin API: status and JSON body (empty map when there is none). */
    record Answer(int status, Map<String, Object> body) {

        String string(String field) {
            Object value = body.get(field);
            return value == null ? null : value.toString();
        }

        Answer expectSuccess() {
            assertThat(status).as("HTTP status; body %s", body).isBetween(200, 299);
            return this;
        }

        Answer expect(int expected) {
            assertThat(status).as("HTTP status; body %s", body).isEqualTo(expected);
            return this;
        }
    }

    Answer post(String path, Map<String, ?> body) {
        return call(new Request.Builder().url(base + path).post(json(body)));
    }

    Answer put(String path, Map<String, ?> body, String ifMatch) {
        Request.Builder request = new Request.Builder().url(base + path).put(json(body));
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return call(request);
    }

    /** POSTs a signed trust document (JWS JSON) to the admin API. */
    Answer upload(String path, String document) {
        return call(new Request.Builder()
                .url(base + path)
                .post(RequestBody.create(document, MediaType.get("application/jose+json"))));
    }

    /** An admin download (for instance an export zip), as bytes. */
    byte[] download(String path) throws IOException {
        try (Response r = http.newCall(new Request.Builder()
                        .url(base + path)
                        .header("Authorization", "Bearer " + adminToken)
                        .build())
                .execute()) {
            assertThat(r.code()).as("GET %s", path).isEqualTo(200);
            return r.body().bytes();
        }
    }

    /** A public document of the service (no credentials), as text. */
    String fetch(String path) throws IOException {
        try (Response r =
                http.newCall(new Request.Builder().url(base + path).build()).execute()) {
            assertThat(r.code()).as("GET %s", path).isEqualTo(200);
            return r.body().string();
        }
    }

    Answer get(String path) {
        return call(new Request.Builder().url(base + path));
    }

    /** {@code POST /admin/v1/apps/{app}/bundles}; the new bundle's seq. */
    long publish(String app) {
        Answer answer = post("/admin/v1/apps/" + app + "/bundles", Map.of()).expect(201);
        @SuppressWarnings("unchecked")
        Map<String, Object> bundle = (Map<String, Object>) answer.body().get("bundle");
        return ((Number) bundle.get("seq")).longValue();
    }

    /** The seq of the bundle the service delivers now at the public bundle URL. */
    long deliveredSeq(String app) throws Exception {
        try (Response r =
                http.newCall(new Request.Builder().url(bundleUrl(app)).build()).execute()) {
            assertThat(r.code()).isEqualTo(200);
            return ((Number) JWSObject.parse(r.body().string().strip())
                            .getPayload()
                            .toJSONObject()
                            .get("seq"))
                    .longValue();
        }
    }

    /** The version of the key set the service serves now. */
    long keySetVersion() throws Exception {
        Object version = com.nimbusds.jose.JWSObjectJSON.parse(fetch("/v1/trust/key-set"))
                .getPayload()
                .toJSONObject()
                .get("version");
        return ((Number) version).longValue();
    }

    String bundleUrl(String app) {
        return base + "/v1/apps/" + app + "/bundle";
    }

    /** A 409 answer's {@code safeAfter}. */
    static Instant safeAfter(Answer refused) {
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.string("type")).endsWith("rotation-not-safe-yet");
        return Instant.parse(refused.string("safeAfter"));
    }

    private Answer call(Request.Builder request) {
        request.header("Authorization", "Bearer " + adminToken)
                .header("Accept", "application/json, application/problem+json");
        try (Response r = http.newCall(request.build()).execute()) {
            String text = r.body().string();
            Map<String, Object> body = text.isBlank() ? Map.of() : JSONObjectUtils.parse(text);
            return new Answer(r.code(), body);
        } catch (IOException | java.text.ParseException e) {
            throw new IllegalStateException("admin API call " + request.build().url() + " failed: " + e, e);
        }
    }

    private static RequestBody json(Map<String, ?> body) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) body;
        return RequestBody.create(JSONObjectUtils.toJSONString(map), JSON);
    }

    private int status(String path) {
        try (Response r =
                http.newCall(new Request.Builder().url(base + path).build()).execute()) {
            return r.code();
        } catch (IOException e) {
            return -1;
        }
    }

    String tail() {
        try {
            String s = Files.exists(log) ? Files.readString(log) : "";
            return s.length() > 6000 ? s.substring(s.length() - 6000) : s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        database.drop();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static String random(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    /** A fresh database on the server of TEST_DATABASE_URL (default: local PostgreSQL, user postgres). */
    private record Database(String server, String url, String name, String user, String password) {

        static Database create() {
            String server = env("TEST_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
            String user = env("TEST_DATABASE_USER", "postgres");
            String password = env("TEST_DATABASE_PASSWORD", "");
            String name = "pinwheel_e2e_"
                    + Long.toHexString(new SecureRandom().nextLong() & Long.MAX_VALUE)
                            .toLowerCase(Locale.ROOT);
            try (Connection c = DriverManager.getConnection(server, user, password);
                    Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            } catch (SQLException e) {
                throw new IllegalStateException(
                        "Cannot create the service's database on " + server
                                + " (set TEST_DATABASE_URL / TEST_DATABASE_USER / TEST_DATABASE_PASSWORD): "
                                + e.getMessage(),
                        e);
            }
            return new Database(server, replaceDatabase(server, name), name, user, password);
        }

        void drop() {
            try (Connection c = DriverManager.getConnection(server, user, password);
                    Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (SQLException e) {
                System.err.println("could not drop " + name + ": " + e.getMessage());
            }
        }

        /** jdbc:postgresql://host:port/db?params → the same with another database. */
        static String replaceDatabase(String jdbcUrl, String database) {
            int schemeEnd = jdbcUrl.indexOf("//");
            int slash = jdbcUrl.indexOf('/', schemeEnd + 2);
            int query = jdbcUrl.indexOf('?');
            String params = query < 0 ? "" : jdbcUrl.substring(query);
            String base = slash < 0 ? (query < 0 ? jdbcUrl : jdbcUrl.substring(0, query)) : jdbcUrl.substring(0, slash);
            return base + "/" + database + params;
        }

        private static String env(String name, String fallback) {
            String v = System.getenv(name);
            return v == null || v.isBlank() ? fallback : v;
        }
    }
}
