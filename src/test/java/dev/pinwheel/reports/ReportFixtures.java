package dev.pinwheel.reports;

import dev.pinwheel.bundles.BundleManagement;
import dev.pinwheel.bundles.PublishCommand;
import dev.pinwheel.pins.AppId;
import dev.pinwheel.pins.AppSettings;
import dev.pinwheel.pins.DomainMode;
import dev.pinwheel.pins.HostName;
import dev.pinwheel.pins.Pin;
import dev.pinwheel.pins.PinHash;
import dev.pinwheel.pins.PinManagement;
import dev.pinwheel.pins.PinRole;
import dev.pinwheel.support.TestCertificates;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import okhttp3.tls.HeldCertificate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Sets up apps, domains, pin sets and published bundles through the real services (reports and exports tests). */
public final class ReportFixtures {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final SecureRandom RANDOM = new SecureRandom();

    private final PinManagement pins;
    private final BundleManagement bundles;

    public ReportFixtures(PinManagement pins, BundleManagement bundles) {
        this.pins = pins;
        this.bundles = bundles;
    }

    public static String suffix() {
        return HexFormat.of().formatHex(RANDOM.generateSeed(4));
    }

    public static String randomPin() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    /** Base64 SPKI SHA-256 of the certificate's key, computed by OkHttp. */
    public static String pinOf(HeldCertificate certificate) {
        return TestCertificates.pin(certificate);
    }

    public String app(String prefix) {
        String id = prefix + "-" + suffix();
        pins.createApp(new AppId(id), AppSettings.of("Test " + id));
        return id;
    }

    public void domain(String host, boolean includeSubdomains, String mode) {
        pins.createDomain(HostName.of(host), includeSubdomains, DomainMode.fromWire(mode));
    }

    /** Replaces the pin set; the first pin is primary, the rest backup. */
    public void pinSet(String host, int currentVersion, List<String> sha256s) {
        List<Pin> inputs = new java.util.ArrayList<>();
        for (int i = 0; i < sha256s.size(); i++) {
            inputs.add(new Pin(PinHash.parse(sha256s.get(i)), i == 0 ? PinRole.PRIMARY : PinRole.BACKUP, null, null));
        }
        pins.replacePinSet(HostName.of(host), currentVersion, inputs, "test");
    }

    public void carry(String appId, List<String> hosts) {
        pins.setAppDomains(new AppId(appId), hosts.stream().map(HostName::of).toList());
    }

    /** A new app carrying {@code host} (enforce, two random pins), published once; returns its id. */
    public String publishedAppPinning(String prefix, String host) {
        String appId = app(prefix);
        domain(host, false, "enforce");
        pinSet(host, 0, List.of(randomPin(), randomPin()));
        carry(appId, List.of(host));
        publish(appId);
        return appId;
    }

    public long publish(String appId) {
        return bundles.publish(appId, new PublishCommand("test", false, false, null))
                .bundle()
                .seq();
    }

    /** Publishes past the rotation lint (e.g. every pin replaced at once), as an operator forcing with a reason. */
    public long publishForced(String appId, String reason) {
        return bundles.publish(appId, new PublishCommand("test", false, true, reason))
                .bundle()
                .seq();
    }

    /**
     * A pin-failure report body (RFC 7469 fields plus {@code bundle-seq} 1) for {@code host} whose served
     * chain is {@code served}; {@code n} makes it distinct (its time, known pin and app version).
     */
    public static ObjectNode report(String host, HeldCertificate served, int n) {
        ObjectNode r = JSON.createObjectNode();
        r.put("date-time", "2026-11-26T18:0" + n + ":00Z");
        r.put("hostname", host);
        r.put("port", 443);
        r.put("noted-hostname", host);
        r.putArray("served-certificate-chain").add(served.certificatePem());
        r.putArray("validated-certificate-chain");
        r.putArray("known-pins").add("pin-sha256=\"" + randomPin() + "\"");
        r.put("app-version", "1.2." + n);
        r.put("platform", "android");
        r.put("bundle-seq", 1);
        return r;
    }
}
