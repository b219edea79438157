package dev.pinwheel.reports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pinwheel.bundles.BundleManagement;
import dev.pinwheel.pins.PinManagement;
import dev.pinwheel.support.TestHttp;
import dev.pinwheel.support.Tokens;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A real HTTP flood of distinct-field reports, all on loopback: the service runs behind a trusted
 * proxy (127.0.0.1, which sends {@code X-Forwarded-For} / {@code Forwarded}), and the attacker
 * sends from many addresses of one IPv6 /64, from many IPv4 addresses, for hosts the app does not
 * pin, and directly with forged forwarding headers. Real interception reports still show.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "PINWHEEL_BOOTSTRAP_TOKEN=" + Tokens.ADMIN,
            "pinwheel.client-address.trusted-proxies=127.0.0.1",
            "pinwheel.reports.rate-limit.capacity=5",
            "pinwheel.reports.rate-limit.refill-period=1h",
            "pinwheel.reports.cap.new-per-period=40",
            "pinwheel.reports.cap.new-unpinned-per-period=10",
            "pinwheel.reports.cap.period=1h"
        })
class ReportFloodAttackTests {

    static final HeldCertificate ROOT = new HeldCertificate.Builder()
            .certificateAuthority(0)
            .commonName("Root")
            .build();
    static final HeldCertificate LEAF =
            new HeldCertificate.Builder().commonName("real").signedBy(ROOT).build();
    static final HeldCertificate MITM =
            new HeldCertificate.Builder().commonName("corporate proxy").build();

    @LocalServerPort
    int port;

    @Autowired
    PinManagement pinManagement;

    @Autowired
    BundleManagement bundleManagement;

    @Autowired
    MeterRegistry meters;

    final JsonMapper json = JsonMapper.builder().build();
    ReportClient proxy;
    String appId;
    String host;

    @AfterEach
    void closeProxy() throws Exception {
        proxy.close();
    }

    @BeforeEach
    void appWithAPublishedBundle() throws Exception {
        ReportFixtures fixtures = new ReportFixtures(pinManagement, bundleManagement);
        proxy = new ReportClient(port, InetAddress.getByName("127.0.0.1"));
        appId = fixtures.app("flood");
        host = "api-" + ReportFixtures.suffix() + ".example.test";
        fixtures.domain(host, false, "enforce");
        fixtures.pinSet(host, 0, List.of(ReportFixtures.pinOf(LEAF), ReportFixtures.randomPin()));
        fixtures.carry(appId, List.of(host));
        fixtures.publish(appId);
    }

    ObjectNode report(String hostname, HeldCertificate served, String appVersion) {
        ObjectNode r = json.createObjectNode();
        r.put("hostname", hostname);
        r.put("port", 443);
        r.putArray("served-certificate-chain").add(served.certificatePem());
        r.put("app-version", appVersion);
        r.put("platform", "android");
        r.put("bundle-seq", 1);
        return r;
    }

    int sendVia(String forwardedFor, ObjectNode report) throws Exception {
        return proxy.post(appId, json.writeValueAsBytes(report), Map.of("X-Forwarded-For", forwardedFor))
                .statusCode();
    }

    @Test
    void floodOfDistinctReportsCannotBuryRealInterceptionReports() throws Exception {
        // real clients behind the proxy hit a TLS-intercepting middlebox, before and after the flood
        for (int i = 1; i <= 3; i++) {
            assertThat(sendVia("198.51.100." + i, report(host, MITM, "5.0"))).isEqualTo(204);
        }

        // one attacker host, many addresses of its /64: one bucket
        List<Integer> fromOneSlash64 = new ArrayList<>();
        for (int i = 1; i <= 60; i++) {
            fromOneSlash64.add(sendVia("2001:db8:aa:bb::" + Integer.toHexString(i), report(host, LEAF, "v6-" + i)));
        }
        // many IPv4 addresses, each report a new identity with a fresh self-signed key
        List<Integer> fromManyAddresses = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            HeldCertificate junk =
                    new HeldCertificate.Builder().commonName("junk " + i).build();
            fromManyAddresses.add(sendVia("10.1." + (i / 200) + "." + (i % 200 + 1), report(host, junk, "f-" + i)));
        }
        // hosts the app does not pin
        for (int i = 0; i < 30; i++) {
            assertThat(sendVia("10.2.0." + (i + 1), report("evil-" + i + ".example.test", LEAF, "u")))
                    .isEqualTo(204);
        }
        for (int i = 4; i <= 5; i++) {
            assertThat(sendVia("198.51.100." + i, report(host, MITM, "5.0"))).isEqualTo(204);
        }

        assertThat(fromOneSlash64).filteredOn(s -> s == 204).hasSize(5);
        assertThat(fromOneSlash64).filteredOn(s -> s == 429).hasSize(55);
        assertThat(fromManyAddresses).containsOnly(204);

        JsonNode overview = overview();
        JsonNode interception = overview.get("possibleInterception");
        assertThat(interception.get(0).get("servedKeySha256").stringValue()).isEqualTo(ReportFixtures.pinOf(MITM));
        assertThat(interception.get(0).get("count").asLong()).isEqualTo(5);
        assertThat(interception.get(0).get("classification").stringValue()).isEqualTo("POSSIBLE_INTERCEPTION");
        // 40 new rows per hour: the real one, 5 from the /64, 34 of the junk keys; 86 junk dropped
        assertThat(overview.get("droppedReports").asLong()).isEqualTo(120 - 34 + 20);
        assertThat(meters.get("pinwheel.reports.rejected")
                        .tag("reason", "over-cap")
                        .counter()
                        .count())
                .isEqualTo(86.0);
        assertThat(meters.get("pinwheel.reports.rejected")
                        .tag("reason", "over-cap-unpinned-host")
                        .counter()
                        .count())
                .isEqualTo(20.0);
        assertThat(overview.get("unpinnedHosts")).hasSize(10);
        for (JsonNode group : overview.get("groups")) {
            assertThat(group.get("hosts").get(0).stringValue()).isEqualTo(host);
        }
    }

    @Test
    void forwardedHeadersFromAnUntrustedPeerAreIgnored() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        try (ReportClient direct = new ReportClient(port)) {
            for (int i = 1; i <= 8; i++) {
                statuses.add(direct.post(
                                appId,
                                json.writeValueAsBytes(report(host, LEAF, "x" + i)),
                                Map.of("X-Forwarded-For", "192.0.2." + i, "Forwarded", "for=192.0.2." + i))
                        .statusCode());
            }
        }

        assertThat(statuses.subList(0, 5)).containsOnly(204);
        assertThat(statuses.subList(5, 8)).containsOnly(429);
    }

    @Test
    void theStandardForwardedHeaderFromTheTrustedProxyNamesTheClient() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            statuses.add(proxy.post(
                            appId,
                            json.writeValueAsBytes(report(host, LEAF, "fw" + i)),
                            Map.of("Forwarded", "for=\"[2001:db8:cc:dd::" + i + "]:4711\";proto=https"))
                    .statusCode());
        }
        statuses.add(proxy.post(
                        appId,
                        json.writeValueAsBytes(report(host, LEAF, "other")),
                        Map.of("Forwarded", "for=192.0.2.77"))
                .statusCode());

        assertThat(statuses.subList(0, 5)).containsOnly(204);
        assertThat(statuses.subList(5, 8)).containsOnly(429);
        assertThat(statuses.get(8)).isEqualTo(204);
    }

    JsonNode overview() throws Exception {
        HttpResponse<String> r = new TestHttp("http://127.0.0.1:" + port, Tokens.ADMIN)
                .exchange("GET", "/admin/v1/apps/" + appId + "/reports", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }
}
