package dev.pinwheel.support;

import dev.pinwheel.bundles.BundleManagement;
import dev.pinwheel.bundles.PublishCommand;
import dev.pinwheel.bundles.PublishOutcome;
import dev.pinwheel.pins.AppId;
import dev.pinwheel.pins.AppSettings;
import dev.pinwheel.pins.DomainMode;
import dev.pinwheel.pins.HostName;
import dev.pinwheel.pins.Pin;
import dev.pinwheel.pins.PinHash;
import dev.pinwheel.pins.PinManagement;
import dev.pinwheel.pins.PinRole;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/** Sets up apps, domains, pins and bundles for rotation tests, and plays a pinning client. */
public final class RotationFixtures {

    private final PinManagement pins;
    private final BundleManagement bundles;
    private final Clock clock;

    public RotationFixtures(PinManagement pins, BundleManagement bundles, Clock clock) {
        this.pins = pins;
        this.bundles = bundles;
        this.clock = clock;
    }

    /** A CA certificate valid from an hour before the earlier of real time and the test clock. */
    public HeldCertificate root(String name) {
        return new HeldCertificate.Builder()
                .commonName(name)
                .certificateAuthority(1)
                .ecdsa256()
                .validityInterval(start(), start() + TimeUnit.DAYS.toMillis(3650))
                .build();
    }

    /** A leaf for host, signed by the CA, valid for {@code days} days. */
    public HeldCertificate leaf(String host, HeldCertificate ca, long days) {
        return new HeldCertificate.Builder()
                .commonName(host)
                .addSubjectAlternativeName(host)
                .signedBy(ca)
                .ecdsa256()
                .validityInterval(start(), clock.millis() + TimeUnit.DAYS.toMillis(days))
                .build();
    }

    private long start() {
        return Math.min(System.currentTimeMillis(), clock.millis()) - TimeUnit.HOURS.toMillis(1);
    }

    /** An app (default poll interval) carrying one new enforced domain. */
    public void appWithDomain(String appId, String host) {
        pins.createApp(new AppId(appId), AppSettings.of("Rotation test " + appId));
        pins.createDomain(HostName.of(host), false, DomainMode.ENFORCE);
        pins.setAppDomains(new AppId(appId), List.of(HostName.of(host)));
    }

    /** Replaces the domain's pins; each entry is {@code "<base64> primary|backup"}. */
    public int setPins(String host, String... pinsAndRoles) {
        int current = pins.domain(HostName.of(host)).currentVersion();
        List<Pin> in = new ArrayList<>();
        for (String s : pinsAndRoles) {
            String[] parts = s.split(" ");
            in.add(new Pin(PinHash.parse(parts[0]), PinRole.fromWire(parts[1]), null, null));
        }
        return pins.replacePinSet(HostName.of(host), current, in, "test").version();
    }

    public PublishOutcome publish(String appId) {
        return bundles.publish(appId, new PublishCommand(null, false, false, null));
    }

    public PublishOutcome dryRun(String appId) {
        return bundles.publish(appId, new PublishCommand(null, true, false, null));
    }

    /** The base64 pins a bundle payload carries for the host. */
    @SuppressWarnings("unchecked")
    public static List<String> pinsOf(PublishOutcome bundle, String host) {
        for (Object o : (List<Object>) bundle.payload().get("domains")) {
            Map<String, Object> d = (Map<String, Object>) o;
            if (host.equals(d.get("host"))) {
                return ((List<Map<String, Object>>) d.get("pins"))
                        .stream().map(p -> (String) p.get("sha256")).toList();
            }
        }
        return List.of();
    }

    /**
     * Connects as a client would (ordinary chain validation against the root and host-name
     * verification) and returns the pin of the leaf the server presents.
     */
    public static String servedPin(int port, String host, HeldCertificate root) throws Exception {
        HandshakeCertificates trust = new HandshakeCertificates.Builder()
                .addTrustedCertificate(root.certificate())
                .build();
        try (Socket raw = new Socket()) {
            raw.connect(new InetSocketAddress("127.0.0.1", port), 3000);
            raw.setSoTimeout(5000);
            try (SSLSocket ssl = (SSLSocket) trust.sslSocketFactory().createSocket(raw, host, port, true)) {
                SSLParameters p = ssl.getSSLParameters();
                p.setServerNames(List.of(new SNIHostName(host)));
                p.setEndpointIdentificationAlgorithm("HTTPS");
                ssl.setSSLParameters(p);
                ssl.startHandshake();
                X509Certificate leaf = (X509Certificate) ssl.getSession().getPeerCertificates()[0];
                return TestCertificates.pin(leaf);
            }
        }
    }
}
