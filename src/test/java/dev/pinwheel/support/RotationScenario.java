package dev.pinwheel.support;

import dev.pinwheel.bundles.BundleManagement;
import dev.pinwheel.pins.PinManagement;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Base of the tests that rotate a host's key against real TLS servers (in the context of
 * {@link RotationSpringTest} or {@link WatchSpringTest}): the services, the {@link RotationFixtures},
 * an admin client, and for every test a fresh app {@code rot-<sfx>} and host
 * {@code api-<sfx>.rotation.test} with a CA ({@code root}) and two leaves for the host, valid for
 * a year: {@code certA} (pin {@code a}) and {@code certB} (pin {@code b}). Nothing is stored until
 * a test stores it.
 */
public abstract class RotationScenario {

    @LocalServerPort
    protected int port;

    @Autowired
    protected PinManagement pins;

    @Autowired
    protected BundleManagement bundles;

    @Autowired
    protected MutableClock clock;

    protected RotationFixtures f;
    protected TestHttp admin;
    protected String sfx;
    protected String app;
    protected String host;
    protected HeldCertificate root;
    protected HeldCertificate certA;
    protected HeldCertificate certB;
    protected String a;
    protected String b;

    @BeforeEach
    void newScenario() {
        f = new RotationFixtures(pins, bundles, clock);
        admin = new TestHttp(port, Tokens.ADMIN);
        sfx = BundleFixtures.suffix();
        app = "rot-" + sfx;
        host = "api-" + sfx + ".rotation.test";
        root = f.root("Rotation Root " + sfx);
        certA = f.leaf(host, root, 365);
        certB = f.leaf(host, root, 365);
        a = TestCertificates.pin(certA);
        b = TestCertificates.pin(certB);
    }
}
