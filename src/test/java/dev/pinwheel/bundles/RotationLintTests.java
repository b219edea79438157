package dev.pinwheel.bundles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pinwheel.audit.AuditEntry;
import dev.pinwheel.audit.AuditLog;
import dev.pinwheel.audit.AuditQuery;
import dev.pinwheel.core.ProblemException;
import dev.pinwheel.core.ProblemType;
import dev.pinwheel.pins.HostName;
import dev.pinwheel.pins.PinManagement;
import dev.pinwheel.pins.certificates.CertificateManagement;
import dev.pinwheel.pins.discovery.LiveCheck;
import dev.pinwheel.support.BundleFixtures;
import dev.pinwheel.support.MutableClock;
import dev.pinwheel.support.RotationFixtures;
import dev.pinwheel.support.RotationSpringTest;
import dev.pinwheel.support.TestCertificates;
import dev.pinwheel.support.TlsTestServer;
import java.time.Duration;
import java.util.List;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Every rotation lint code from a case made for it, and forcing past them. */
@RotationSpringTest
class RotationLintTests {

    @Autowired
    PinManagement pins;

    @Autowired
    BundleManagement bundles;

    @Autowired
    CertificateManagement certificates;

    @Autowired
    LiveCheck liveCheck;

    @Autowired
    MutableClock clock;

    @Autowired
    AuditLog audit;

    RotationFixtures f() {
        return new RotationFixtures(pins, bundles, clock);
    }

    record Case(String app, String host) {
        static Case create(RotationFixtures f, String name) {
            String sfx = BundleFixtures.suffix();
            Case c = new Case(name + "-" + sfx, name + "-" + sfx + ".rotation.test");
            f.appWithDomain(c.app, c.host);
            return c;
        }
    }

    @Test
    void flagsAServedKeyThatIsNotPinned() throws Exception {
        RotationFixtures f = f();
        Case c = Case.create(f, "notserved");
        HeldCertificate root = f.root("Lint Root");
        try (TlsTestServer server = TlsTestServer.start(f.leaf(c.host, root, 365), root.certificate())) {
            f.setPins(c.host, BundleFixtures.randomPin() + " primary", BundleFixtures.randomPin() + " backup");
            liveCheck.configure(HostName.of(c.host), true, server.port());

            List<Finding> findings = f.dryRun(c.app).findings();

            assertThat(findings).anySatisfy(x -> {
                assertThat(x.code()).isEqualTo("PRIMARY_NOT_SERVED");
                assertThat(x.severity()).isEqualTo(Finding.Severity.ERROR);
                assertThat(x.domain()).isEqualTo(c.host);
            });
        }
    }

    @Test
    void flagsAPinDroppedWhileTheHostStillServesIt() throws Exception {
        RotationFixtures f = f();
        Case c = Case.create(f, "dropped");
        HeldCertificate root = f.root("Lint Root");
        HeldCertificate served = f.leaf(c.host, root, 365);
        String spare = BundleFixtures.randomPin();
        try (TlsTestServer server = TlsTestServer.start(served, root.certificate())) {
            f.setPins(c.host, TestCertificates.pin(served) + " primary", spare + " backup");
            liveCheck.configure(HostName.of(c.host), true, server.port());
            assertThat(f.publish(c.app).findings()).isEmpty();

            f.setPins(c.host, BundleFixtures.randomPin() + " primary", spare + " backup");
            clock.advance(Duration.ofDays(1));

            assertThat(f.dryRun(c.app).findings())
                    .extracting(Finding::code)
                    .contains("PIN_REMOVED_WHILE_SERVED", "PRIMARY_NOT_SERVED");
        }
    }

    @Test
    void flagsAFailedLiveCheckAsAWarning() throws Exception {
        RotationFixtures f = f();
        Case c = Case.create(f, "silent");
        f.setPins(c.host, BundleFixtures.randomPin() + " primary", BundleFixtures.randomPin() + " backup");
        try (TlsTestServer silent = TlsTestServer.silent()) {
            liveCheck.configure(HostName.of(c.host), true, silent.port());

            assertThat(f.dryRun(c.app).findings()).singleElement().satisfies(x -> {
                assertThat(x.code()).isEqualTo("LIVE_CHECK_FAILED");
                assertThat(x.severity()).isEqualTo(Finding.Severity.WARNING);
            });
        }
    }

    @Test
    void flagsAPrimaryDroppedWithinTheCoolDownAndForcingNeedsAReason() {
        RotationFixtures f = f();
        Case c = Case.create(f, "early");
        String spare = BundleFixtures.randomPin();
        String old = BundleFixtures.randomPin();
        f.setPins(c.host, old + " primary", spare + " backup");
        f.publish(c.app);
        f.setPins(c.host, BundleFixtures.randomPin() + " primary", spare + " backup");
        clock.advance(Duration.ofMinutes(30));

        PublishOutcome dry = f.dryRun(c.app);
        assertThat(dry.findings()).singleElement().satisfies(x -> {
            assertThat(x.code()).isEqualTo("PIN_REMOVED_TOO_EARLY");
            assertThat(x.message()).contains(old);
        });
        long seqBefore = bundles.history(c.app, null, 10).get(0).seq();

        assertThatThrownBy(() -> f.publish(c.app)).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.type()).isEqualTo(ProblemType.BUNDLE_CHECK_FAILED);
            assertThat(e.status().value()).isEqualTo(409);
            assertThat((List<?>) e.extensions().get("findings")).hasSize(1);
        });
        assertThatThrownBy(() -> bundles.publish(c.app, new PublishCommand(null, false, true, null)))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.type()).isEqualTo(ProblemType.VALIDATION);
                    assertThat(e.detail()).contains("reason");
                });
        assertThat(bundles.history(c.app, null, 10).get(0).seq()).isEqualTo(seqBefore);

        PublishOutcome forced = bundles.publish(c.app, new PublishCommand(null, false, true, "old key compromised"));
        assertThat(forced.bundle().seq()).isEqualTo(seqBefore + 1);
        assertThat(forced.bundle().forceReason()).isEqualTo("old key compromised");
        List<AuditEntry> events = audit.search(new AuditQuery("app:" + c.app, null, null, null), 0, 10)
                .items();
        assertThat(events).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("bundle.published");
            assertThat(e.summary()).contains("old key compromised").contains("PIN_REMOVED_TOO_EARLY");
        });

        clock.advance(Duration.ofHours(2));
        assertThat(f.dryRun(c.app).findings()).isEmpty();
    }

    @Test
    void flagsCertificatesThatExpireSoonOrHaveExpired() {
        RotationFixtures f = f();
        Case c = Case.create(f, "expiry");
        HeldCertificate root = f.root("Lint Root");
        HeldCertificate shortLived = f.leaf(c.host, root, 1);
        certificates.upload(HostName.of(c.host), shortLived.certificatePem() + root.certificatePem());
        f.setPins(c.host, TestCertificates.pin(shortLived) + " primary", BundleFixtures.randomPin() + " backup");

        assertThat(f.dryRun(c.app).findings()).singleElement().satisfies(x -> {
            assertThat(x.code()).isEqualTo("CERTIFICATE_EXPIRES_SOON");
            assertThat(x.severity()).isEqualTo(Finding.Severity.WARNING);
        });

        clock.advance(Duration.ofDays(2));
        assertThat(f.dryRun(c.app).findings()).singleElement().satisfies(x -> {
            assertThat(x.code()).isEqualTo("CERTIFICATE_EXPIRED");
            assertThat(x.severity()).isEqualTo(Finding.Severity.ERROR);
        });
    }
}
