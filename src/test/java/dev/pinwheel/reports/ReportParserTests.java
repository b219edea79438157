package dev.pinwheel.reports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pinwheel.core.ProblemException;
import dev.pinwheel.core.Violation;
import dev.pinwheel.support.TestCertificates;
import java.util.List;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class ReportParserTests {

    static final HeldCertificate ROOT = new HeldCertificate.Builder()
            .certificateAuthority(1)
            .commonName("Test Root")
            .build();
    static final HeldCertificate LEAF = new HeldCertificate.Builder()
            .commonName("api.example.com")
            .addSubjectAlternativeName("api.example.com")
            .signedBy(ROOT)
            .build();
    static final String OTHER_PIN = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

    final JsonMapper json = JsonMapper.builder().build();

    ObjectNode valid() {
        ObjectNode r = json.createObjectNode();
        r.put("date-time", "2026-11-26T18:00:00Z");
        r.put("hostname", "API.Example.com.");
        r.put("port", 443);
        r.put("effective-expiration-date", "2026-12-26T18:00:00Z");
        r.put("include-subdomains", false);
        r.put("noted-hostname", "example.com");
        r.putArray("served-certificate-chain").add(LEAF.certificatePem()).add(ROOT.certificatePem());
        r.putArray("validated-certificate-chain").add(LEAF.certificatePem()).add(ROOT.certificatePem());
        r.putArray("known-pins").add("pin-sha256=\"" + OTHER_PIN + "\"").add("PIN-SHA256 = \"" + OTHER_PIN + "\"");
        r.put("app-version", "3.2.1 (417)");
        r.put("platform", "android");
        r.put("bundle-seq", 42);
        return r;
    }

    @Test
    void parsesAnRfc7469ReportAndComputesSpkiPinsOfTheServedChain() {
        PinFailureReport report = ReportParser.parse(valid());

        assertThat(report.hostname()).isEqualTo("api.example.com");
        assertThat(report.port()).isEqualTo(443);
        assertThat(report.servedPins()).containsExactly(pinOf(LEAF), pinOf(ROOT));
        assertThat(report.servedLeafPin()).isEqualTo(pinOf(LEAF));
        assertThat(report.knownPins()).containsExactly(OTHER_PIN);
        assertThat(report.leafSubject()).isEqualTo("CN=api.example.com");
        assertThat(report.bundleSeq()).isEqualTo(42L);
        assertThat(report.dateTime()).hasToString("2026-11-26T18:00:00Z");
    }

    @Test
    void takesTheValidatedChainWhenNoServedChainIsSentAsTrustKitDoes() {
        ObjectNode r = valid();
        r.remove("served-certificate-chain");

        assertThat(ReportParser.parse(r).servedPins()).containsExactly(pinOf(LEAF), pinOf(ROOT));
    }

    @Test
    void ignoresUnknownFieldsAndNulls() {
        ObjectNode r = valid();
        r.put("app-bundle-id", "com.example");
        r.putNull("port");
        r.putNull("bundle-seq");

        PinFailureReport report = ReportParser.parse(r);
        assertThat(report.port()).isNull();
        assertThat(report.bundleSeq()).isNull();
    }

    @Test
    void acceptsAnyPrintableAppVersionAndPlatformAsClientLibrariesSendThem() {
        ObjectNode r = valid();
        r.put("app-version", "2.0-β (build 7)");
        r.put("platform", "jvm/17.0.15");

        PinFailureReport report = ReportParser.parse(r);
        assertThat(report.appVersion()).isEqualTo("2.0-β (build 7)");
        assertThat(report.platform()).isEqualTo("jvm/17.0.15");
    }

    @Test
    void rejectsABodyThatIsNotAnObject() {
        assertThat(violations(json.createArrayNode()))
                .extracting(Violation::field)
                .containsExactly("(body)");
    }

    @Test
    void rejectsAReportWithoutHostnameOrChain() {
        ObjectNode r = valid();
        r.remove("hostname");
        r.remove("served-certificate-chain");
        r.remove("validated-certificate-chain");

        assertThat(violations(r))
                .extracting(Violation::field)
                .containsExactlyInAnyOrder("hostname", "served-certificate-chain");
    }

    @Test
    void namesEachBadCertificateByItsIndexAsSent() {
        ObjectNode r = valid();
        r.putArray("served-certificate-chain")
                .add(LEAF.certificatePem())
                .add("not a certificate")
                .add(7)
                .add("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----")
                .add(LEAF.certificatePem() + ROOT.certificatePem());

        assertThat(violations(r))
                .extracting(Violation::field)
                .containsExactly(
                        "served-certificate-chain[1]",
                        "served-certificate-chain[2]",
                        "served-certificate-chain[3]",
                        "served-certificate-chain[4]");
    }

    @Test
    void rejectsMalformedFieldsEachWithItsOwnViolation() {
        ObjectNode r = valid();
        r.put("hostname", "bad host!");
        r.put("port", 70000);
        r.put("date-time", "yesterday");
        r.put("effective-expiration-date", 12);
        r.put("include-subdomains", "yes");
        r.put("noted-hostname", "-bad-.example");
        r.putArray("validated-certificate-chain").add("x");
        r.putArray("known-pins")
                .add("pin-sha256=\"" + OTHER_PIN + "\"")
                .add("pin-sha256=\"c2hvcnQ=\"")
                .add("sha256/" + OTHER_PIN);
        r.put("app-version", "1.0\n");
        r.put("platform", "x".repeat(40));
        r.put("bundle-seq", -1);

        assertThat(violations(r))
                .extracting(Violation::field)
                .containsExactlyInAnyOrder(
                        "hostname",
                        "port",
                        "date-time",
                        "effective-expiration-date",
                        "include-subdomains",
                        "noted-hostname",
                        "validated-certificate-chain[0]",
                        "known-pins[1]",
                        "known-pins[2]",
                        "app-version",
                        "platform",
                        "bundle-seq");
    }

    @Test
    void rejectsOverlongChainsAndPinLists() {
        ObjectNode r = valid();
        var chain = r.putArray("served-certificate-chain");
        for (int i = 0; i <= ReportParser.MAX_CHAIN; i++) {
            chain.add(LEAF.certificatePem());
        }
        var pins = r.putArray("known-pins");
        for (int i = 0; i <= ReportParser.MAX_KNOWN_PINS; i++) {
            pins.add("pin-sha256=\"" + OTHER_PIN + "\"");
        }

        assertThat(violations(r))
                .extracting(Violation::field)
                .containsExactlyInAnyOrder("served-certificate-chain", "known-pins");
    }

    @Test
    void identityIgnoresReceiptDetailsButSeparatesClients() {
        PinFailureReport a = ReportParser.parse(valid());
        ObjectNode later = valid();
        later.put("date-time", "2026-11-27T18:00:00Z");
        ObjectNode otherVersion = valid();
        otherVersion.put("app-version", "3.2.2");

        assertThat(ReportStore.identity("app", ReportParser.parse(later))).isEqualTo(ReportStore.identity("app", a));
        assertThat(ReportStore.identity("app", ReportParser.parse(otherVersion)))
                .isNotEqualTo(ReportStore.identity("app", a));
        assertThat(ReportStore.identity("other", a)).isNotEqualTo(ReportStore.identity("app", a));
    }

    @SuppressWarnings("unchecked")
    private static List<Violation> violations(JsonNode body) {
        try {
            ReportParser.parse(body);
        } catch (ProblemException e) {
            assertThat(e.status().value()).isEqualTo(400);
            return (List<Violation>) e.extensions().get("violations");
        }
        throw new AssertionError("expected a violation");
    }

    static String pinOf(HeldCertificate held) {
        return TestCertificates.pin(held);
    }

    @Test
    void computesTheSamePinAsOkHttp() {
        assertThat(ReportParser.pin(LEAF.certificate())).isEqualTo(pinOf(LEAF));
        assertThat(ReportParser.pin(ROOT.certificate())).isEqualTo(pinOf(ROOT)).isNotEqualTo(pinOf(LEAF));
    }
}
