package dev.pinwheel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pinwheel.support.BundleFixtures;
import dev.pinwheel.support.PinwheelTest;
import dev.pinwheel.support.Tokens;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * What an operator reads from {@code /actuator/health} and {@code /actuator/prometheus} after a
 * publish, a refused publish and a few client fetches.
 */
@PinwheelTest
class OperationsEndToEndTests {

    @LocalServerPort
    int port;

    private BundleFixtures api;

    @BeforeEach
    void setUp() {
        api = new BundleFixtures(port, Tokens.ADMIN);
    }

    @Test
    void prometheusCountsRequestsPublishesRefusalsAndExpiries() {
        BundleFixtures.App app = api.appWithDomains(1);
        double storedBefore = metric("pinwheel_bundles_stored_total\\{application=\"pinwheel\",kind=\"publish\"}");
        double refusedBefore = metric("pinwheel_bundles_refused_total\\{application=\"pinwheel\"}");
        double unknownBefore =
                metric("pinwheel_bundle_requests_total\\{app=\"unknown\",application=\"pinwheel\",status=\"404\"}");

        api.publishOk(app.id());
        String empty = api.createApp("empty");
        assertThat(api.publish(empty, Map.of()).statusCode())
                .as("an app without domains is refused")
                .isEqualTo(409);

        HttpResponse<String> first = api.fetch("/v1/apps/" + app.id() + "/bundle");
        assertThat(first.statusCode()).isEqualTo(200);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(api.fetch("/v1/apps/" + app.id() + "/bundle", "If-None-Match", etag)
                        .statusCode())
                .isEqualTo(304);
        assertThat(api.fetch("/v1/apps/" + app.id() + "/bundle", "If-None-Match", etag)
                        .statusCode())
                .isEqualTo(304);
        assertThat(api.fetch("/v1/apps/no-such-" + BundleFixtures.suffix() + "/bundle")
                        .statusCode())
                .isEqualTo(404);

        String a = "app=\"" + app.id() + "\",application=\"pinwheel\"";
        assertThat(metric("pinwheel_bundle_requests_total\\{" + a + ",status=\"200\"}"))
                .isEqualTo(1.0);
        assertThat(metric("pinwheel_bundle_requests_total\\{" + a + ",status=\"304\"}"))
                .isEqualTo(2.0);
        assertThat(metric("pinwheel_bundle_requests_total\\{app=\"unknown\",application=\"pinwheel\",status=\"404\"}"))
                .isEqualTo(unknownBefore + 1);
        assertThat(metric("pinwheel_bundles_stored_total\\{application=\"pinwheel\",kind=\"publish\"}"))
                .isEqualTo(storedBefore + 1);
        assertThat(metric("pinwheel_bundles_refused_total\\{application=\"pinwheel\"}"))
                .isEqualTo(refusedBefore + 1);
        double expiresIn = metric("pinwheel_bundle_expires_in_seconds\\{" + a + "}");
        assertThat(expiresIn)
                .as("default lifetime 14 days")
                .isBetween((double) Duration.ofDays(14).minusMinutes(5).toSeconds(), (double)
                        Duration.ofDays(14).toSeconds());
        assertThat(scrape()).doesNotContain("app=\"no-such-");
    }

    @Test
    void prometheusShowsDaysUntilTrackedCertificatesExpire() {
        String host = api.createDomain("cert", "enforce");
        HeldCertificate cert = new HeldCertificate.Builder()
                .commonName(host)
                .validityInterval(
                        Instant.now().minusSeconds(60).toEpochMilli(),
                        Instant.now().plus(Duration.ofDays(30)).toEpochMilli())
                .build();
        HttpResponse<String> r = api.send(
                "PUT",
                "/admin/v1/domains/" + host + "/pin-set",
                Map.of(
                        "pins",
                        List.of(
                                Map.of("certificate", cert.certificatePem(), "role", "primary"),
                                Map.of("sha256", "sha256/" + BundleFixtures.randomPin(), "role", "backup"))),
                "If-Match",
                "\"0\"");
        assertThat(r.statusCode()).as(r.body()).isIn(200, 201);

        Pattern line = Pattern.compile("pinwheel_certificate_expires_in_days\\{application=\"pinwheel\",host=\""
                + Pattern.quote(host) + "\",pin=\"[^\"]+\"} ([0-9.E-]+)");
        Matcher m = line.matcher(scrape());
        assertThat(m.find()).as("a gauge for the certificate of " + host).isTrue();
        assertThat(Double.parseDouble(m.group(1))).isBetween(29.9, 30.0);
    }

    @Test
    void healthShowsUsableSigningKeysAndBundleFreshnessToAdmins() {
        BundleFixtures.App app = api.appWithDomains(1);
        api.publishOk(app.id());

        HttpResponse<String> r = api.send("GET", "/actuator/health", null);
        JsonNode components = BundleFixtures.json(r).get("components");
        assertThat(components.get("signingKeys").get("status").asString()).isEqualTo("UP");
        assertThat(components.get("signingKeys").get("details").get("activeKid").asString())
                .isNotBlank();
        assertThat(components.get("bundleFreshness").has("status")).isTrue();
        assertThat(components
                        .get("bundleFreshness")
                        .get("details")
                        .get("publishedApps")
                        .asInt())
                .isPositive();
        assertThat(components.get("db").get("status").asString()).isEqualTo("UP");
        assertThat(r.body()).doesNotContain("privateKey").doesNotContain("\"d\"");
    }

    private String scrape() {
        HttpResponse<String> r = api.send("GET", "/actuator/prometheus", null);
        BundleFixtures.expect(200, r);
        return r.body();
    }

    private double metric(String seriesRegex) {
        Matcher m = Pattern.compile("(?m)^" + seriesRegex + " ([0-9.E+-]+)$").matcher(scrape());
        return m.find() ? Double.parseDouble(m.group(1)) : 0.0;
    }
}
