package dev.pinwheel.reports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pinwheel.bundles.BundleManagement;
import dev.pinwheel.pins.PinManagement;
import dev.pinwheel.support.PinwheelTest;
import dev.pinwheel.support.TestHttp;
import dev.pinwheel.support.Tokens;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

@PinwheelTest
class ReportsWebTests {

    static final HeldCertificate ROOT = new HeldCertificate.Builder()
            .certificateAuthority(0)
            .commonName("Root")
            .build();
    static final HeldCertificate OLD_LEAF = leaf("old");
    static final HeldCertificate NEW_LEAF = leaf("new");
    static final HeldCertificate MITM_LEAF =
            new HeldCertificate.Builder().commonName("intercepted").build();

    static HeldCertificate leaf(String name) {
        return new HeldCertificate.Builder().commonName(name).signedBy(ROOT).build();
    }

    @LocalServerPort
    int port;

    @Autowired
    PinManagement pinManagement;

    @Autowired
    BundleManagement bundleManagement;

    @Autowired
    ReportStore store;

    @Autowired
    ReportPurge purge;

    @Autowired
    MeterRegistry meters;

    @Autowired
    ReportProperties properties;

    final JsonMapper json = JsonMapper.builder().build();
    TestHttp admin;
    ReportFixtures fixtures;
    ReportClient client;
    String appId;
    String host;

    @BeforeEach
    void app() throws Exception {
        fixtures = new ReportFixtures(pinManagement, bundleManagement);
        admin = new TestHttp(port, Tokens.ADMIN);
        client = new ReportClient(port);
        appId = fixtures.app("reports");
        host = "api-" + ReportFixtures.suffix() + ".example.test";
        fixtures.domain(host, false, "enforce");
        fixtures.carry(appId, List.of(host));
    }

    @AfterEach
    void closeClient() throws Exception {
        client.close();
    }

    ObjectNode report(HeldCertificate... served) {
        ObjectNode r = json.createObjectNode();
        r.put("date-time", "2026-11-26T18:00:00Z");
        r.put("hostname", host);
        r.put("port", 443);
        r.put("include-subdomains", false);
        r.put("noted-hostname", host);
        var chain = r.putArray("served-certificate-chain");
        for (HeldCertificate c : served) {
            chain.add(c.certificatePem());
        }
        r.putArray("validated-certificate-chain");
        r.putArray("known-pins").add("pin-sha256=\"" + ReportFixtures.pinOf(OLD_LEAF) + "\"");
        r.put("app-version", "1.2.3");
        r.put("platform", "android");
        r.put("bundle-seq", 1);
        return r;
    }

    HttpResponse<String> post(String app, byte[] body) throws Exception {
        return client.post(app, body);
    }

    HttpResponse<String> post(JsonNode body) throws Exception {
        return post(appId, json.writeValueAsBytes(body));
    }

    JsonNode overview(String query) throws Exception {
        HttpResponse<String> r = get("/admin/v1/apps/" + appId + "/reports" + query);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }

    HttpResponse<String> get(String path) {
        return admin.exchange("GET", path, null);
    }

    static JsonNode group(JsonNode overview, HeldCertificate leaf) {
        for (JsonNode g : overview.get("groups")) {
            if (g.get("servedKeySha256").stringValue().equals(ReportFixtures.pinOf(leaf))) {
                return g;
            }
        }
        throw new AssertionError("no group for " + leaf.certificate().getSubjectX500Principal() + " in " + overview);
    }

    @Test
    void acceptsAValidReportAndShowsItGroupedByServedKey() throws Exception {
        HttpResponse<String> r = post(report(OLD_LEAF, ROOT));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
        JsonNode g = group(overview(""), OLD_LEAF);
        assertThat(g.get("count").asLong()).isEqualTo(1);
        assertThat(g.get("hosts").get(0).stringValue()).isEqualTo(host);
        assertThat(g.get("appVersions").get(0).stringValue()).isEqualTo("1.2.3");
        assertThat(g.get("leafSubject").stringValue()).isEqualTo("CN=old");
        assertThat(g.get("knownPins").get(0).stringValue()).isEqualTo(ReportFixtures.pinOf(OLD_LEAF));
    }

    @Test
    void acceptsATrustKitReportThatSendsOnlyTheValidatedChain() throws Exception {
        ObjectNode r = json.createObjectNode();
        r.put("app-bundle-id", "com.example.banking");
        r.put("app-version", "417");
        r.put("app-platform", "IOS");
        r.put("trustkit-version", "3.0.4");
        r.put("hostname", host);
        r.put("port", 0);
        r.put("noted-hostname", host);
        r.put("include-subdomains", false);
        r.put("enforce-pinning", true);
        r.putArray("validated-certificate-chain").add(MITM_LEAF.certificatePem());
        r.putArray("known-pins").add("pin-sha256=\"" + ReportFixtures.pinOf(OLD_LEAF) + "\"");
        r.put("validation-result", 1);
        r.put("date-time", "2026-11-26T18:00:00Z");

        assertThat(post(r).statusCode()).isEqualTo(204);
        JsonNode g = group(overview(""), MITM_LEAF);
        assertThat(g.get("appVersions").get(0).stringValue()).isEqualTo("417");
        assertThat(g.get("ports").get(0).asInt()).isZero();
    }

    @Test
    void aggregatesIdenticalReportsIntoOneWithACount() throws Exception {
        post(report(NEW_LEAF, ROOT));
        ObjectNode later = report(NEW_LEAF, ROOT);
        later.put("date-time", "2026-11-26T19:00:00Z");
        post(later);
        ObjectNode otherVersion = report(NEW_LEAF, ROOT);
        otherVersion.put("app-version", "1.2.4");
        post(otherVersion);

        JsonNode g = group(overview(""), NEW_LEAF);
        assertThat(g.get("count").asLong()).isEqualTo(3);
        assertThat(g.get("distinctReports").asInt()).isEqualTo(2);
        assertThat(g.get("appVersions")).extracting(JsonNode::stringValue).containsExactly("1.2.3", "1.2.4");
        assertThat(Instant.parse(g.get("firstSeen").stringValue()))
                .isBeforeOrEqualTo(Instant.parse(g.get("lastSeen").stringValue()));
    }

    @Test
    void countsConcurrentIdenticalReportsExactly() throws Exception {
        ObjectNode report = report(OLD_LEAF);
        report.remove("date-time");
        byte[] body = json.writeValueAsBytes(report);
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            List<Callable<Integer>> posts = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                posts.add(() -> post(appId, body).statusCode());
            }
            for (Future<Integer> f : pool.invokeAll(posts)) {
                assertThat(f.get()).isEqualTo(204);
            }
        } finally {
            pool.shutdown();
        }

        JsonNode g = group(overview(""), OLD_LEAF);
        assertThat(g.get("count").asLong()).isEqualTo(16);
        assertThat(g.get("distinctReports").asInt()).isEqualTo(1);
    }

    @Test
    void refusesAnOversizedReportByContentLength() throws Exception {
        ObjectNode r = report(OLD_LEAF);
        r.put("padding", "x".repeat(70_000));

        HttpResponse<String> response = post(r);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(json.readTree(response.body()).get("type").stringValue()).endsWith("/payload-too-large");
        assertThat(overview("").get("groups")).isEmpty();
    }

    @Test
    void refusesAnOversizedStreamedReportWithoutContentLength() throws Exception {
        ObjectNode r = report(OLD_LEAF);
        r.put("padding", "x".repeat(70_000));
        byte[] body = json.writeValueAsBytes(r);

        HttpResponse<String> response = client.postStreamed(appId, body);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(overview("").get("groups")).isEmpty();
    }

    @Test
    void rateLimitsABurstFromOneAddressWithRetryAfter() throws Exception {
        int capacity = properties.rateLimit().capacity();
        byte[] body = json.writeValueAsBytes(report(OLD_LEAF));
        List<HttpResponse<String>> replies = new ArrayList<>();
        for (int i = 0; i < capacity * 2; i++) {
            replies.add(post(appId, body));
        }

        assertThat(replies.subList(0, capacity))
                .extracting(HttpResponse::statusCode)
                .containsOnly(204);
        HttpResponse<String> limited = replies.stream()
                .filter(r -> r.statusCode() == 429)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no 429 in a burst of " + (capacity * 2)));
        assertThat(limited.headers().firstValue("Retry-After"))
                .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
        assertThat(limited.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        JsonNode problem = json.readTree(limited.body());
        assertThat(problem.get("type").stringValue()).endsWith("/rate-limited");
        assertThat(problem.get("status").asInt()).isEqualTo(429);
        try (ReportClient another = new ReportClient(port)) {
            assertThat(another.post(appId, body).statusCode())
                    .as("another address is not limited")
                    .isEqualTo(204);
        }
    }

    @Test
    void refusesGarbageAsMalformedJson() throws Exception {
        HttpResponse<String> r = post(appId, "{\"hostname\": ".getBytes());

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json.readTree(r.body()).get("type").stringValue()).endsWith("/malformed-body");
    }

    @Test
    void refusesAnInvalidReportNamingEachFieldAsSentAndStoresNothing() throws Exception {
        ObjectNode r = report(OLD_LEAF);
        r.putArray("served-certificate-chain").add(OLD_LEAF.certificatePem()).add("-----BEGIN CERTIFICATE-----");
        r.put("port", "https");
        r.putArray("known-pins").add("sha256/abc");

        HttpResponse<String> response = post(r);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("violations"))
                .extracting(v -> v.get("field").stringValue())
                .containsExactlyInAnyOrder("served-certificate-chain[1]", "port", "known-pins[0]");
        assertThat(overview("").get("groups")).isEmpty();
    }

    @Test
    void refusesAReportForAnUnknownApp() throws Exception {
        HttpResponse<String> r =
                post("no-such-app-" + ReportFixtures.suffix(), json.writeValueAsBytes(report(OLD_LEAF)));

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(json.readTree(r.body()).get("type").stringValue()).endsWith("/not-found");
    }

    @Test
    void refusesANonJsonContentType() throws Exception {
        HttpResponse<String> r = client.post(
                appId, "{}".getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "text/plain; charset=utf-8"));

        assertThat(r.statusCode()).isEqualTo(415);
    }

    @Test
    void classifiesAgainstEveryPublishedBundle() throws Exception {
        fixtures.pinSet(host, 0, List.of(ReportFixtures.pinOf(OLD_LEAF), ReportFixtures.randomPin()));
        long first = fixtures.publish(appId);
        fixtures.pinSet(host, 1, List.of(ReportFixtures.pinOf(NEW_LEAF), ReportFixtures.randomPin()));
        long second = fixtures.publishForced(appId, "emergency key replacement");

        ObjectNode intercepted = report(MITM_LEAF);
        intercepted.put("bundle-seq", second);
        ObjectNode stale = report(NEW_LEAF, ROOT);
        stale.put("bundle-seq", first);
        ObjectNode dropped = report(OLD_LEAF, ROOT);
        dropped.put("bundle-seq", second);
        for (ObjectNode r : List.of(intercepted, stale, dropped)) {
            assertThat(post(r).statusCode()).isEqualTo(204);
        }

        JsonNode overview = overview("");
        assertThat(group(overview, MITM_LEAF).get("classification").stringValue())
                .isEqualTo("POSSIBLE_INTERCEPTION");
        assertThat(group(overview, NEW_LEAF).get("classification").stringValue())
                .isEqualTo("STALE_CLIENT");
        assertThat(group(overview, OLD_LEAF).get("classification").stringValue())
                .isEqualTo("PINNED_KEY_MISMATCH");
        assertThat(group(overview, NEW_LEAF)
                        .get("classificationCounts")
                        .get("STALE_CLIENT")
                        .asLong())
                .isEqualTo(1);
        assertThat(meters.get("pinwheel.reports.received")
                        .tags("app", appId, "classification", "possible_interception")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void filtersByHostAndTime() throws Exception {
        String other = "www-" + ReportFixtures.suffix() + ".example.test";
        fixtures.domain(other, false, "enforce");
        fixtures.carry(appId, List.of(host, other));
        post(report(OLD_LEAF));
        ObjectNode elsewhere = report(NEW_LEAF);
        elsewhere.put("hostname", other);
        post(elsewhere);

        JsonNode byHost = overview("?host=" + other.toUpperCase());
        assertThat(byHost.get("groups")).hasSize(1);
        assertThat(byHost.get("groups").get(0).get("hosts").get(0).stringValue())
                .isEqualTo(other);
        assertThat(overview("?from=" + Instant.now().plus(Duration.ofHours(1))).get("groups"))
                .isEmpty();
        assertThat(overview("?to=" + Instant.now().minus(Duration.ofHours(1))).get("groups"))
                .isEmpty();
        assertThat(overview("?from=" + Instant.now().minus(Duration.ofHours(1))).get("groups"))
                .hasSize(2);
    }

    @Test
    void refusesAnInvertedTimeRangeAndABadInstant() throws Exception {
        Instant now = Instant.now();
        HttpResponse<String> inverted = get("/admin/v1/apps/" + appId + "/reports?from=" + now + "&to=" + now);
        HttpResponse<String> garbage = get("/admin/v1/apps/" + appId + "/reports?from=yesterday");

        assertThat(inverted.statusCode()).isEqualTo(400);
        assertThat(json.readTree(inverted.body())
                        .get("violations")
                        .get(0)
                        .get("field")
                        .stringValue())
                .isEqualTo("from");
        assertThat(garbage.statusCode()).isEqualTo(400);
    }

    @Test
    void theAdminViewNeedsATokenAndAKnownApp() throws Exception {
        HttpResponse<String> anonymous =
                admin.anonymous().exchange("GET", "/admin/v1/apps/" + appId + "/reports", null);
        HttpResponse<String> unknown = get("/admin/v1/apps/no-such-app-" + ReportFixtures.suffix() + "/reports");

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(unknown.statusCode()).isEqualTo(404);
    }

    @Test
    void purgesReportsNotSeenWithinTheRetention() throws Exception {
        PinFailureReport old = ReportParser.parse(report(OLD_LEAF));
        store.record(
                appId,
                old,
                Instant.now().minus(Duration.ofDays(31)),
                ReportClassification.UNKNOWN,
                true,
                properties.cap());
        post(report(NEW_LEAF));

        assertThat(purge.purge()).isGreaterThanOrEqualTo(1);

        JsonNode overview = overview("");
        assertThat(overview.get("groups")).hasSize(1);
        assertThat(overview.get("groups").get(0).get("servedKeySha256").stringValue())
                .isEqualTo(ReportFixtures.pinOf(NEW_LEAF));
    }
}
