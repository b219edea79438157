package dev.pinwheel.exports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pinwheel.bundles.BundleClaims;
import dev.pinwheel.pins.DomainMode;
import dev.pinwheel.pins.PinHash;
import dev.pinwheel.pins.PinRole;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class PreloadRenderersTests {

    static final String A = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    static final String B = "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBA=";
    static final String C = "CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCA=";

    static BundleClaims.Pin pin(String base64, PinRole role) {
        return new BundleClaims.Pin(new PinHash(base64), role);
    }

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
                            DomainMode.ENFORCE,
                            1,
                            List.of(pin(A, PinRole.PRIMARY), pin(B, PinRole.BACKUP))),
                    new BundleClaims.Domain(
                            "xn--bcher-kva.example",
                            true,
                            DomainMode.ENFORCE,
                            1,
                            List.of(pin(B, PinRole.PRIMARY), pin(C, PinRole.BACKUP))),
                    new BundleClaims.Domain(
                            "beta.example.com",
                            false,
                            DomainMode.REPORT,
                            1,
                            List.of(pin(C, PinRole.PRIMARY), pin(A, PinRole.BACKUP)))),
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
