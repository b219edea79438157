package dev.pinwheel.exports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pinwheel.bundles.BundleClaims;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class PreloadRenderersTests {

    static final String A = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    static final String B = "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB=";
    static final String C = "CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC=";

    static final BundleClaims BUNDLE = new BundleClaims(
            "banking",
            42,
            Instant.parse("2026-11-26T00:00:00Z"),
            Instant.parse("2026-12-10T00:00:00Z"),
            30L * 86400,
            "https://pins.example.com/v1/apps/banking/reports?a=1&b=2",
            List.of(
                    new BundleClaims.Domain(
                            "api.example.com",
                            false,
                            "enforce",
                            List.of(new BundleClaims.Pin(A, "primary"), new BundleClaims.Pin(B, "backup"))),
                    new BundleClaims.Domain(
                            "xn--bcher-kva.example",
                            true,
                            "enforce",
                            List.of(new BundleClaims.Pin(B, "primary"), new BundleClaims.Pin(C, "backup"))),
                    new BundleClaims.Domain(
                            "beta.example.com",
                            false,
                            "report",
                            List.of(new BundleClaims.Pin(C, "primary"), new BundleClaims.Pin(A, "backup")))),
            "h.p.s");

    @Test
    void pinsExpireAtBundleExpiryPlusMaxStaleness() {
        assertThat(BUNDLE.pinsExpireOn()).hasToString("2027-01-09");
        assertThat(PreloadRenderers.androidNetworkSecurityConfig(BUNDLE))
                .contains("<pin-set expiration=\"2027-01-09\">");
        assertThat(PreloadRenderers.trustKit(BUNDLE)).contains("<string>2027-01-09</string>");
    }

    @Test
    void xmlExportsStayWellFormedWithPunycodeHostsAndQueryStrings() throws Exception {
        for (String xml : List.of(
                PreloadRenderers.androidNetworkSecurityConfig(BUNDLE),
                PreloadRenderers.trustKit(BUNDLE),
                PreloadRenderers.iosAts(BUNDLE))) {
            Document doc = ExportsWebTests.parseXml(xml);
            assertThat(doc.getDocumentElement()).isNotNull();
        }
        assertThat(PreloadRenderers.trustKit(BUNDLE)).contains("reports?a=1&amp;b=2");
    }

    @Test
    void reportOnlyDomainsAreLeftOutWhereTheFormatCannotReportAndNamed() {
        for (String text : List.of(
                PreloadRenderers.androidNetworkSecurityConfig(BUNDLE),
                PreloadRenderers.okHttpPinner(BUNDLE),
                PreloadRenderers.iosAts(BUNDLE))) {
            assertThat(text)
                    .contains("Report-only domains left out")
                    .contains("beta.example.com")
                    .doesNotContain("<domain includeSubdomains=\"false\">beta.example.com")
                    .doesNotContain(".add(\"beta.example.com\"")
                    .doesNotContain("<key>beta.example.com</key>");
        }
        assertThat(PreloadRenderers.hpkp(BUNDLE)).contains("Public-Key-Pins-Report-Only: pin-sha256=\"" + C + "\"");
    }

    @Test
    @SuppressWarnings("unchecked")
    void okHttpUsesDoubleStarPatternsOnlyForIncludeSubdomains() throws Exception {
        String kotlin = PreloadRenderers.okHttpPinner(BUNDLE);

        assertThat(kotlin)
                .contains(".add(\"api.example.com\", \"sha256/" + A + "\", \"sha256/" + B + "\")")
                .contains(".add(\"**.xn--bcher-kva.example\", \"sha256/" + B + "\", \"sha256/" + C + "\")");
        Map<String, Object> ats = (Map<String, Object>) ExportsWebTests.plist(PreloadRenderers.iosAts(BUNDLE));
        assertThat(((Map<String, Object>) ats.get("NSAppTransportSecurity")).get("NSPinnedDomains"))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsOnlyKeys("api.example.com", "xn--bcher-kva.example");
    }

    @Test
    void hpkpMaxAgeIsTheBundleLifetime() {
        assertThat(PreloadRenderers.hpkp(BUNDLE))
                .contains(
                        "Public-Key-Pins: pin-sha256=\"" + A + "\"; pin-sha256=\"" + B
                                + "\"; max-age=1209600; report-uri=\"https://pins.example.com/v1/apps/banking/reports?a=1&b=2\"");
    }
}
