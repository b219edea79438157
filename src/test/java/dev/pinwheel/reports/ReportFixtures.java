package dev.pinwheel.reports;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import dev.pinwheel.pins.PinRole;
import dev.pinwheel.pins.PinHash;
import dev.pinwheel.pins.Pin;
import dev.pinwheel.pins.DomainMode;
import dev.pinwheel.pins.HostName;
import dev.pinwheel.pins.AppSettings;
import dev.pinwheel.pins.AppId;
import dev.pinwheel.bundles.BundleManagement;
import dev.pinwheel.bundles.PublishCommand;
import dev.pinwheel.pins.PinManagement;
import okhttp3.CertificatePinner;
import okhttp3.tls.HeldCertificate;

/** Sets up apps, domains, pin sets and published bundles through the real services. */
final class ReportFixtures {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final PinManagement pins;
    private final BundleManagement bundles;

    ReportFixtures(PinManagement pins, BundleManagement bundles) {
        this.pins = pins;
        this.bundles = bundles;
    }

    static String suffix() {
        return HexFormat.of().formatHex(RANDOM.generateSeed(4));
    }

    static String randomPin() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    /** Base64 SPKI SHA-256 of the certificate's key, computed by OkHttp. */
    static String pinOf(HeldCertificate certificate) {
        return CertificatePinner.pin(certificate.certificate()).substring("sha256/".length());
    }

    String app(String prefix) {
        String id = prefix + "-" + suffix();
        pins.createApp(new AppId(id), AppSettings.of("Test " + id));
        return id;
    }

    void domain(String host, boolean includeSubdomains, String mode) {
        pins.createDomain(HostName.of(host), includeSubdomains, DomainMode.fromWire(mode));
    }

    /** Replaces the pin set; the first pin is primary, the rest backup. */
    void pinSet(String host, int currentVersion, List<String> sha256s) {
        List<Pin> inputs = new java.util.ArrayList<>();
        for (int i = 0; i < sha256s.size(); i++) {
            inputs.add(new Pin(PinHash.parse(sha256s.get(i)), i == 0 ? PinRole.PRIMARY : PinRole.BACKUP, null, null));
        }
        pins.replacePinSet(HostName.of(host), currentVersion, inputs, "test");
    }

    void carry(String appId, List<String> hosts) {
        pins.setAppDomains(new AppId(appId), hosts.stream().map(HostName::of).toList());
    }

    long publish(String appId) {
        return bundles.publish(appId, new PublishCommand("test", false, false, null)).bundle().seq();
    }

    /** Publishes past the rotation lint (e.g. every pin replaced at once), as an operator forcing with a reason. */
    long publishForced(String appId, String reason) {
        return bundles.publish(appId, new PublishCommand("test", false, true, reason)).bundle().seq();
    }
}
