package dev.pinwheel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pinwheel.bundles.BundleManagement;
import dev.pinwheel.pins.PinManagement;
import dev.pinwheel.reports.ReportClassification;
import dev.pinwheel.reports.ReportFixtures;
import dev.pinwheel.reports.ReportManagement;
import dev.pinwheel.support.TestHttp;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The quick start: with no configuration the service runs on an embedded H2 file, migrates it,
 * prints a generated admin token once, answers with it, and keeps its data across a restart.
 * The only test that is not on PostgreSQL.
 */
class QuickStartSmokeTests {

    static final Pattern TOKEN = Pattern.compile("^\\s+(pw_[A-Za-z0-9_-]{43})\\s*$", Pattern.MULTILINE);

    @TempDir
    Path dataDir;

    @Test
    void startsOnEmbeddedH2PrintsTokenOnceAndKeepsDataAcrossRestart() throws Exception {
        String url = "jdbc:h2:file:" + dataDir.resolve("pinwheel").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=FALSE";
        String token;
        String createdName = "smoke-" + System.nanoTime();
        Started first = start(url);
        try (ConfigurableApplicationContext app = first.context()) {
            assertThat(first.output()).contains("PINWHEEL QUICK START - NOT FOR PRODUCTION");
            Matcher m = TOKEN.matcher(first.output());
            assertThat(m.find()).as("banner shows the generated token").isTrue();
            token = m.group(1);
            assertThat(databaseProduct(app)).isEqualTo("H2");
            assertThat(databaseUrl(app)).startsWith("jdbc:h2:file:" + dataDir.toAbsolutePath());
            assertThat(migratedVersions(app)).contains("1", "3");

            int port = port(app);
            assertThat(first.output())
                    .as("the banner's example uses the port the service listens on")
                    .contains("localhost:" + port + "/admin/v1/apps");
            HttpResponse<String> contract = send(port, "GET", "/openapi.yaml", null, null);
            assertThat(contract.statusCode()).isEqualTo(200);
            assertThat(contract.body()).startsWith("openapi: 3.1");

            assertThat(send(port, "GET", "/admin/v1/tokens", null, null).statusCode())
                    .isEqualTo(401);
            HttpResponse<String> tokens = send(port, "GET", "/admin/v1/tokens", token, null);
            assertThat(tokens.statusCode()).isEqualTo(200);
            assertThat(tokens.body()).contains("\"name\":\"bootstrap\"").doesNotContain(token);
            assertThat(send(
                                    port,
                                    "POST",
                                    "/admin/v1/tokens",
                                    token,
                                    "{\"name\":\"" + createdName + "\",\"role\":\"viewer\"}")
                            .statusCode())
                    .isEqualTo(201);
        }

        Started second = start(url);
        try (ConfigurableApplicationContext app = second.context()) {
            assertThat(second.output()).doesNotContain("PINWHEEL QUICK START").doesNotContain(token);
            int port = port(app);
            HttpResponse<String> tokens = send(port, "GET", "/admin/v1/tokens", token, null);
            assertThat(tokens.statusCode())
                    .as("the first start's token still works")
                    .isEqualTo(200);
            assertThat(tokens.body()).contains(createdName);
            HttpResponse<String> audit = send(port, "GET", "/admin/v1/audit-events/verify", token, null);
            assertThat(audit.body()).contains("\"ok\":true");

            // a pin-failure report is taken in and counted on its day on H2 too
            ReportFixtures fixtures =
                    new ReportFixtures(app.getBean(PinManagement.class), app.getBean(BundleManagement.class));
            String host = "h2-" + ReportFixtures.suffix() + ".example.test";
            String appId = fixtures.publishedAppPinning("h2", host);
            HeldCertificate served =
                    new HeldCertificate.Builder().commonName(host).ecdsa256().build();
            HttpResponse<String> reported = new TestHttp(port, null)
                    .exchange("POST", "/v1/apps/" + appId + "/reports", ReportFixtures.report(host, served, 1));
            assertThat(reported.statusCode()).as(reported.body()).isEqualTo(204);
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            assertThat(app.getBean(ReportManagement.class).timeline(appId, null, today.minusDays(1), today.plusDays(1)))
                    .extracting(d -> d.byClassification().get(ReportClassification.POSSIBLE_INTERCEPTION))
                    .contains(1L);
        }
    }

    private record Started(ConfigurableApplicationContext context, String output) {}

    private static Started start(String url) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(new Tee(original, captured), true, StandardCharsets.UTF_8));
        try {
            // command-line arguments outrank application.yml (default properties would not)
            ConfigurableApplicationContext context = new SpringApplicationBuilder(PinwheelApplication.class)
                    .run(
                            "--pinwheel.test.database=embedded",
                            "--spring.datasource.url=" + url,
                            "--spring.datasource.username=sa",
                            "--spring.datasource.password=",
                            "--server.port=0",
                            "--PINWHEEL_BOOTSTRAP_TOKEN=",
                            "--spring.main.banner-mode=off");
            return new Started(context, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
    }

    private static int port(ConfigurableApplicationContext app) {
        return ((WebServerApplicationContext) app).getWebServer().getPort();
    }

    private static String databaseProduct(ConfigurableApplicationContext app) throws Exception {
        try (Connection c = app.getBean(DataSource.class).getConnection()) {
            return c.getMetaData().getDatabaseProductName();
        }
    }

    private static String databaseUrl(ConfigurableApplicationContext app) throws Exception {
        try (Connection c = app.getBean(DataSource.class).getConnection()) {
            return c.getMetaData().getURL();
        }
    }

    private static java.util.List<String> migratedVersions(ConfigurableApplicationContext app) throws Exception {
        java.util.List<String> versions = new java.util.ArrayList<>();
        try (Connection c = app.getBean(DataSource.class).getConnection();
                ResultSet rs = c.createStatement()
                        .executeQuery("select \"version\" from \"flyway_schema_history\" where \"success\" = true")) {
            while (rs.next()) {
                versions.add(rs.getString(1));
            }
        }
        return versions;
    }

    private static HttpResponse<String> send(int port, String method, String path, String token, String json) {
        return new TestHttp("http://127.0.0.1:" + port, token).exchange(method, path, json);
    }

    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            a.flush();
            b.flush();
        }
    }
}
