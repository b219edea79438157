package dev.pinwheel.exports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.pinwheel.bundles.BundleClaims;
import dev.pinwheel.bundles.BundleManagement;
import dev.pinwheel.pins.PinManagement;
import dev.pinwheel.reports.ReportFixtures;
import dev.pinwheel.support.PinwheelTest;
import dev.pinwheel.support.TestHttp;
import dev.pinwheel.support.Tokens;
import dev.pinwheel.support.TrustDocuments;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.xml.parsers.DocumentBuilderFactory;
import okhttp3.CertificatePinner;
import okhttp3.Dns;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import tools.jackson.databind.json.JsonMapper;

@PinwheelTest
class ExportsWebTests {

    static final HeldCertificate ROOT = new HeldCertificate.Builder()
            .certificateAuthority(0)
            .commonName("Root")
            .build();

    @LocalServerPort
    int port;

    @Autowired
    PinManagement pinManagement;

    @Autowired
    BundleManagement bundleManagement;

    final JsonMapper json = JsonMapper.builder().build();
    TestHttp http;

    String appId;
    String apiHost;
    String svcDomain;
    String reportHost;
    HeldCertificate pinnedServer;
    HeldCertificate unpinnedServer;
    long seq;
    BundleClaims bundle;

    @BeforeEach
    void publishedApp() {
        http = new TestHttp(port, Tokens.ADMIN);
        ReportFixtures fixtures = new ReportFixtures(pinManagement, bundleManagement);
        String s = ReportFixtures.suffix();
        appId = fixtures.app("exports");
        apiHost = "api-" + s + ".example.test";
        svcDomain = "svc-" + s + ".example.test";
        reportHost = "report-" + s + ".example.test";
        pinnedServer = server("pinned");
        unpinnedServer = server("unpinned");
        fixtures.domain(apiHost, false, "enforce");
        fixtures.domain(svcDomain, true, "enforce");
        fixtures.domain(reportHost, false, "report");
        fixtures.pinSet(apiHost, 0, List.of(ReportFixtures.pinOf(pinnedServer), ReportFixtures.randomPin()));
        fixtures.pinSet(
                svcDomain,
                0,
                List.of(ReportFixtures.pinOf(pinnedServer), ReportFixtures.randomPin(), ReportFixtures.randomPin()));
        fixtures.pinSet(reportHost, 0, List.of(ReportFixtures.randomPin(), ReportFixtures.randomPin()));
        fixtures.carry(appId, List.of(apiHost, svcDomain, reportHost));
        seq = fixtures.publish(appId);
        bundle = BundleClaims.fromPayload(bundleManagement.bundle(appId, seq).payload());
    }

    HeldCertificate server(String name) {
        return new HeldCertificate.Builder()
                .commonName(name)
                .signedBy(ROOT)
                .addSubjectAlternativeName(apiHost)
                .addSubjectAlternativeName(svcDomain)
                .addSubjectAlternativeName("deep.sub." + svcDomain)
                .addSubjectAlternativeName(reportHost)
                .build();
    }

    HttpResponse<byte[]> export(String app, String format) throws Exception {
        return http.send(
                http.request("GET", "/admin/v1/apps/" + app + "/exports/" + format, null),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    String exportText(String format, String contentType, String fileName) throws Exception {
        HttpResponse<byte[]> r = export(appId, format);
        assertThat(r.statusCode())
                .as(new String(r.body(), StandardCharsets.UTF_8))
                .isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith(contentType));
        assertThat(r.headers().firstValue("Content-Disposition")).contains("attachment; filename=\"" + fileName + "\"");
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    /** host → pins of the bundle's domains, all or only the enforced ones. */
    Map<String, List<String>> bundlePins(boolean enforcedOnly) {
        Map<String, List<String>> out = new HashMap<>();
        for (BundleClaims.Domain d : bundle.domains()) {
            if (!enforcedOnly || d.enforced()) {
                out.put(d.host(), d.pins().stream().map(p -> p.hash().base64()).toList());
            }
        }
        return out;
    }

    // ---- okhttp

    @Test
    void okHttpExportPinsAcceptThePinnedServerAndRefuseAnyOther() throws Exception {
        String kotlin = exportText("okhttp", "text/x-kotlin", "PinwheelCertificatePinner.kt");
        Matcher add = Pattern.compile("\\.add\\(\"([^\"]+)\"((?:, \"sha256/[A-Za-z0-9+/=]+\")+)\\)")
                .matcher(kotlin);
        CertificatePinner.Builder builder = new CertificatePinner.Builder();
        Map<String, List<String>> exported = new HashMap<>();
        while (add.find()) {
            List<String> pins = new ArrayList<>();
            Matcher pin = Pattern.compile("\"(sha256/[A-Za-z0-9+/=]+)\"").matcher(add.group(2));
            while (pin.find()) {
                pins.add(pin.group(1));
            }
            builder.add(add.group(1), pins.toArray(String[]::new));
            exported.put(
                    add.group(1),
                    pins.stream().map(p -> p.substring("sha256/".length())).toList());
        }
        CertificatePinner pinner = builder.build();

        assertThat(exported)
                .isEqualTo(Map.of(
                        apiHost,
                        bundlePins(true).get(apiHost),
                        "**." + svcDomain,
                        bundlePins(true).get(svcDomain)));
        try (TlsServer server = new TlsServer(pinnedServer)) {
            OkHttpClient client = client(pinner);
            assertThat(get(client, apiHost, server.port())).isEqualTo(200);
            assertThat(get(client, svcDomain, server.port())).isEqualTo(200);
            assertThat(get(client, "deep.sub." + svcDomain, server.port())).isEqualTo(200);
        }
        try (TlsServer server = new TlsServer(unpinnedServer)) {
            OkHttpClient client = client(pinner);
            assertThatThrownBy(() -> get(client, apiHost, server.port()))
                    .isInstanceOf(SSLPeerUnverifiedException.class);
            assertThatThrownBy(() -> get(client, svcDomain, server.port()))
                    .isInstanceOf(SSLPeerUnverifiedException.class);
            assertThatThrownBy(() -> get(client, "deep.sub." + svcDomain, server.port()))
                    .isInstanceOf(SSLPeerUnverifiedException.class);
            assertThat(get(client, reportHost, server.port()))
                    .as("report-only domains are not enforced")
                    .isEqualTo(200);
        }
    }

    /** OkHttp itself, not TestHttp: the exported CertificatePinner is what is under test. */
    static OkHttpClient client(CertificatePinner pinner) {
        HandshakeCertificates trust = new HandshakeCertificates.Builder()
                .addTrustedCertificate(ROOT.certificate())
                .build();
        Dns loopback = hostname -> List.of(InetAddress.getLoopbackAddress());
        return new OkHttpClient.Builder()
                .sslSocketFactory(trust.sslSocketFactory(), trust.trustManager())
                .certificatePinner(pinner)
                .dns(loopback)
                .build();
    }

    static int get(OkHttpClient client, String host, int port) throws IOException {
        try (Response r = client.newCall(new Request.Builder()
                        .url("https://" + host + ":" + port + "/")
                        .build())
                .execute()) {
            return r.code();
        }
    }

    /** A TLS server on 127.0.0.1 presenting the given certificate (and the root). */
    static final class TlsServer implements AutoCloseable {
        private final HttpsServer server;

        TlsServer(HeldCertificate certificate) throws IOException {
            SSLContext context = new HandshakeCertificates.Builder()
                    .heldCertificate(certificate, ROOT.certificate())
                    .build()
                    .sslContext();
            server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(context));
            server.createContext("/", exchange -> {
                byte[] ok = "ok".getBytes(StandardCharsets.US_ASCII);
                exchange.sendResponseHeaders(200, ok.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(ok);
                }
            });
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    // ---- android

    @Test
    void androidExportIsANetworkSecurityConfigWithTheEnforcedPinsAndExpiration() throws Exception {
        Document doc = parseXml(exportText("android-nsc", "application/xml", "network_security_config.xml"));
        Element root = doc.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("network-security-config");

        Map<String, List<String>> exported = new HashMap<>();
        Map<String, String> subdomains = new HashMap<>();
        for (Element config : children(root, "domain-config")) {
            Element domain = children(config, "domain").get(0);
            Element pinSet = children(config, "pin-set").get(0);
            assertThat(pinSet.getAttribute("expiration"))
                    .isEqualTo(LocalDate.ofInstant(
                                    bundle.expiresAt().plusSeconds(bundle.maxStaleSeconds()), ZoneOffset.UTC)
                            .toString());
            List<String> pins = new ArrayList<>();
            for (Element pin : children(pinSet, "pin")) {
                assertThat(pin.getAttribute("digest")).isEqualTo("SHA-256");
                pins.add(pin.getTextContent());
            }
            exported.put(domain.getTextContent(), pins);
            subdomains.put(domain.getTextContent(), domain.getAttribute("includeSubdomains"));
        }

        assertThat(exported).isEqualTo(bundlePins(true));
        assertThat(subdomains).isEqualTo(Map.of(apiHost, "false", svcDomain, "true"));
    }

    // ---- trustkit

    @Test
    @SuppressWarnings("unchecked")
    void trustKitExportIsAPlistWithEveryDomainAndItsEnforcement() throws Exception {
        Map<String, Object> plist =
                (Map<String, Object>) plist(exportText("trustkit", "application/x-plist", "TrustKit.plist"));
        Map<String, Object> config = (Map<String, Object>) plist.get("TSKConfiguration");
        Map<String, Object> domains = (Map<String, Object>) config.get("TSKPinnedDomains");

        Map<String, List<String>> exported = new HashMap<>();
        domains.forEach((host, value) ->
                exported.put(host, (List<String>) ((Map<String, Object>) value).get("TSKPublicKeyHashes")));
        assertThat(exported).isEqualTo(bundlePins(false));
        Map<String, Object> api = (Map<String, Object>) domains.get(apiHost);
        assertThat(api)
                .containsEntry("TSKEnforcePinning", true)
                .containsEntry("TSKIncludeSubdomains", false)
                .containsEntry("TSKReportUris", List.of(bundle.reportUri()));
        assertThat((Map<String, Object>) domains.get(svcDomain)).containsEntry("TSKIncludeSubdomains", true);
        assertThat((Map<String, Object>) domains.get(reportHost)).containsEntry("TSKEnforcePinning", false);
    }

    // ---- ios ats

    @Test
    @SuppressWarnings("unchecked")
    void iosAtsExportIsAPlistOfNsPinnedDomainsWithLeafIdentities() throws Exception {
        Map<String, Object> plist =
                (Map<String, Object>) plist(exportText("ios-ats", "application/x-plist", "NSPinnedDomains.plist"));
        Map<String, Object> domains = (Map<String, Object>)
                ((Map<String, Object>) plist.get("NSAppTransportSecurity")).get("NSPinnedDomains");

        Map<String, List<String>> exported = new HashMap<>();
        domains.forEach((host, value) -> exported.put(
                host,
                ((List<Map<String, Object>>) ((Map<String, Object>) value).get("NSPinnedLeafIdentities"))
                        .stream()
                                .map(identity -> (String) identity.get("SPKI-SHA256-BASE64"))
                                .toList()));
        assertThat(exported).isEqualTo(bundlePins(true));
        assertThat((Map<String, Object>) domains.get(svcDomain)).containsEntry("NSIncludesSubdomains", true);
        assertThat((Map<String, Object>) domains.get(apiHost)).containsEntry("NSIncludesSubdomains", false);
    }

    // ---- hpkp

    @Test
    void hpkpExportHasOneRfc7469HeaderPerDomain() throws Exception {
        String text = exportText("hpkp", "text/plain", "public-key-pins.txt");
        String quoted = "\"(?:[^\"\\\\]|\\\\.)*\"";
        Pattern directive =
                Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+(?:=(?:[!#$%&'*+.^_`|~0-9A-Za-z-]+|" + quoted + "))?");
        Pattern header = Pattern.compile("(Public-Key-Pins|Public-Key-Pins-Report-Only): (.*)");

        Map<String, List<String>> exported = new HashMap<>();
        String host = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("# ")) {
                host = line.substring(2).split(" ")[0];
                continue;
            }
            if (line.isBlank()) {
                continue;
            }
            Matcher m = header.matcher(line);
            assertThat(m.matches()).as(line).isTrue();
            List<String> pins = new ArrayList<>();
            Map<String, String> directives = new LinkedHashMap<>();
            for (String part : m.group(2).split(";")) {
                String d = part.strip();
                assertThat(directive.matcher(d).matches()).as("directive " + d).isTrue();
                String name = d.split("=", 2)[0].toLowerCase();
                String value = d.contains("=") ? d.split("=", 2)[1] : "";
                if (name.equals("pin-sha256")) {
                    pins.add(value.substring(1, value.length() - 1));
                } else {
                    assertThat(directives.put(name, value))
                            .as("directive " + name + " once")
                            .isNull();
                }
            }
            assertThat(directives.get("max-age")).matches("\\d+");
            assertThat(directives.get("report-uri")).isEqualTo("\"" + bundle.reportUri() + "\"");
            assertThat(directives.containsKey("includesubdomains")).isEqualTo(host.equals(svcDomain));
            assertThat(m.group(1))
                    .isEqualTo(host.equals(reportHost) ? "Public-Key-Pins-Report-Only" : "Public-Key-Pins");
            exported.put(host, pins);
        }
        assertThat(exported).isEqualTo(bundlePins(false));
    }

    // ---- bundle

    @Test
    void bundleExportHoldsTheRootTheKeySetAndTheBundleThatVerifyAsAChain() throws Exception {
        HttpResponse<byte[]> r = export(appId, "bundle");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/zip");
        assertThat(r.headers().firstValue("Content-Disposition"))
                .contains("attachment; filename=\"pinwheel-baseline-" + appId + "-" + seq + ".zip\"");
        Map<String, String> files = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(r.body()))) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                files.put(e.getName(), new String(zip.readAllBytes(), StandardCharsets.UTF_8));
            }
        }

        assertThat(files).containsOnlyKeys("root.json", "key-set.json", "bundle.jws");
        assertThat(files.get("bundle.jws"))
                .isEqualTo(bundleManagement.bundle(appId, seq).jws());
        assertThat(files.get("root.json"))
                .isEqualTo(fetch("/v1/trust/roots/"
                        + TrustDocuments.payload(files.get("key-set.json")).get("rootVersion")));
        assertThat(files.get("key-set.json")).isEqualTo(fetch("/v1/trust/key-set"));
        // root (self-signed, quick start: threshold 1) -> key set -> bundle, with Nimbus only
        List<ECKey> rootKeys = TrustDocuments.keys(TrustDocuments.payload(files.get("root.json")));
        assertThat(TrustDocuments.validSignatures(files.get("root.json"), rootKeys))
                .isEqualTo(rootKeys.size());
        assertThat(TrustDocuments.validSignatures(files.get("key-set.json"), rootKeys))
                .isGreaterThanOrEqualTo(1);
        JWKSet listed =
                new JWKSet(new ArrayList<>(TrustDocuments.keys(TrustDocuments.payload(files.get("key-set.json")))));
        JWSObject jws = JWSObject.parse(files.get("bundle.jws"));
        ECKey key = (ECKey) listed.getKeyByKeyId(jws.getHeader().getKeyID());
        assertThat(jws.verify(new ECDSAVerifier(key))).isTrue();
        assertThat(BundleClaims.fromJws(files.get("bundle.jws"), json).domains())
                .isEqualTo(bundle.domains());
        assertThat(String.join("", files.values())).doesNotContain("\"d\"");
    }

    // ---- newest bundle and errors

    @Test
    void exportsFollowTheNewestPublishedBundle() throws Exception {
        ReportFixtures fixtures = new ReportFixtures(pinManagement, bundleManagement);
        String replacement = ReportFixtures.randomPin();
        fixtures.pinSet(apiHost, 1, List.of(replacement, ReportFixtures.pinOf(pinnedServer)));
        fixtures.publish(appId);

        String kotlin = exportText("okhttp", "text/x-kotlin", "PinwheelCertificatePinner.kt");
        assertThat(kotlin).contains("sha256/" + replacement).contains("seq " + (seq + 1));
    }

    @Test
    void refusesAnUnknownFormatListingTheFormats() throws Exception {
        HttpResponse<byte[]> r = export(appId, "windows-registry");

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(json.readTree(r.body()).get("formats"))
                .extracting(n -> n.stringValue())
                .containsExactly("android-nsc", "okhttp", "trustkit", "ios-ats", "hpkp", "bundle");
    }

    @Test
    void refusesAnAppWithNothingPublishedAndAnUnknownApp() throws Exception {
        String unpublished = new ReportFixtures(pinManagement, bundleManagement).app("unpublished");

        assertThat(export(unpublished, "okhttp").statusCode()).isEqualTo(409);
        assertThat(export("no-such-app-" + ReportFixtures.suffix(), "okhttp").statusCode())
                .isEqualTo(404);
        HttpResponse<String> anonymous =
                http.anonymous().exchange("GET", "/admin/v1/apps/" + appId + "/exports/okhttp", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    // ---- XML helpers

    static Document parseXml(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && (name == null || e.getTagName().equals(name))) {
                out.add(e);
            }
        }
        return out;
    }

    /** The value of a plist document: dict → Map, array → List, string, true/false, integer. */
    static Object plist(String xml) throws Exception {
        Element root = parseXml(xml).getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("plist");
        List<Element> top = children(root, null);
        assertThat(top).hasSize(1);
        return value(top.get(0));
    }

    static Object value(Element e) {
        switch (e.getTagName()) {
            case "dict" -> {
                Map<String, Object> map = new LinkedHashMap<>();
                List<Element> items = children(e, null);
                assertThat(items.size() % 2).isZero();
                for (int i = 0; i < items.size(); i += 2) {
                    assertThat(items.get(i).getTagName()).isEqualTo("key");
                    assertThat(map.put(items.get(i).getTextContent(), value(items.get(i + 1))))
                            .isNull();
                }
                return map;
            }
            case "array" -> {
                return children(e, null).stream().map(ExportsWebTests::value).toList();
            }
            case "string" -> {
                return e.getTextContent();
            }
            case "true" -> {
                return true;
            }
            case "false" -> {
                return false;
            }
            case "integer" -> {
                return Long.parseLong(e.getTextContent());
            }
            default -> throw new AssertionError("not a plist element: " + e.getTagName());
        }
    }

    private String fetch(String path) throws Exception {
        return http.anonymous().exchange("GET", path, null).body();
    }
}
