package dev.pinwheel.bundles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pinwheel.pins.DomainMode;
import dev.pinwheel.pins.PinCatalog;
import dev.pinwheel.pins.PinHash;
import dev.pinwheel.pins.PinRole;
import dev.pinwheel.pins.discovery.LiveCheck;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The rotation lint rules and the promote-safety arithmetic, on hand-made bundle histories. */
class RotationLintRulesTests {

    static final String HOST = "api.example.com";
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    static final Duration HOUR = Duration.ofHours(1);
    static final Duration LIFETIME = Duration.ofDays(14);
    static final Function<PinHash, Optional<Instant>> NO_CERTS = p -> Optional.empty();

    static PinCatalog.DomainPins domain(DomainMode mode, String... pins) {
        return new PinCatalog.DomainPins(
                HOST,
                false,
                mode,
                1,
                Arrays.stream(pins)
                        .map(s -> {
                            String[] p = s.split(" ");
                            return new PinCatalog.Pin(key(p[0]), PinRole.fromWire(p[1]));
                        })
                        .toList());
    }

    static PinCatalog.DomainPins domain(String... pins) {
        return domain(DomainMode.ENFORCE, pins);
    }

    static BundlePinHistory.Published bundle(long seq, Instant at, long pollSeconds, PinCatalog.DomainPins d) {
        return new BundlePinHistory.Published(seq, at, pollSeconds, Map.of(d.host(), d));
    }

    static Optional<LiveCheck.Outcome> serving(String pin) {
        return Optional.of(new LiveCheck.Outcome(HOST, 443, key(pin), null));
    }

    /** A made-up key named by a letter. */
    static PinHash key(String name) {
        return PinHash.ofDigest(Arrays.copyOf(name.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 32));
    }

    static List<String> codes(List<Finding> findings) {
        return findings.stream().map(Finding::code).toList();
    }

    @Test
    void aCleanCandidateHasNoFindings() {
        var d = domain("A primary", "S backup");
        var history = List.of(bundle(1, NOW.minus(Duration.ofDays(3)), 3600, d));

        assertThat(RotationLintCheck.domainFindings(d, history, serving("A"), NO_CERTS, HOUR, LIFETIME, NOW))
                .isEmpty();
    }

    @Test
    void servedKeyNotPinnedIsAnErrorForEnforcedAndAWarningForReportOnlyDomains() {
        assertThat(RotationLintCheck.domainFindings(
                        domain("A primary", "S backup"), List.of(), serving("X"), NO_CERTS, HOUR, LIFETIME, NOW))
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.code()).isEqualTo("PRIMARY_NOT_SERVED");
                    assertThat(f.isError()).isTrue();
                });
        assertThat(RotationLintCheck.domainFindings(
                        domain(DomainMode.REPORT, "A primary", "S backup"),
                        List.of(),
                        serving("X"),
                        NO_CERTS,
                        HOUR,
                        LIFETIME,
                        NOW))
                .singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Finding.Severity.WARNING));
    }

    @Test
    void droppingAPinTheHostStillServesIsAnError() {
        var before = domain("A primary", "B backup", "S backup");
        var history = List.of(bundle(1, NOW.minus(Duration.ofDays(3)), 3600, before));

        var findings = RotationLintCheck.domainFindings(
                domain("A primary", "S backup"), history, serving("B"), NO_CERTS, HOUR, LIFETIME, NOW);

        assertThat(codes(findings)).containsExactly("PRIMARY_NOT_SERVED", "PIN_REMOVED_WHILE_SERVED");
    }

    @Test
    void droppingAPinTheHostNoLongerServesIsFine() {
        var before = domain("A backup", "B primary", "S backup");
        var history = List.of(bundle(1, NOW.minus(Duration.ofDays(3)), 3600, before));

        assertThat(RotationLintCheck.domainFindings(
                        domain("B primary", "S backup"), history, serving("B"), NO_CERTS, HOUR, LIFETIME, NOW))
                .isEmpty();
    }

    @Test
    void droppingAKeyThatWasPrimaryWithinTheCoolDownIsAnError() {
        var oldPrimary = domain("A primary", "S backup");
        var promoted = domain("B primary", "A backup", "S backup");
        var history = List.of(
                bundle(2, NOW.minusSeconds(600), 3600, promoted), bundle(1, NOW.minusSeconds(1200), 3600, oldPrimary));

        var findings = RotationLintCheck.domainFindings(
                domain("B primary", "S backup"), history, Optional.empty(), NO_CERTS, HOUR, LIFETIME, NOW);

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("PIN_REMOVED_TOO_EARLY");
            assertThat(f.message())
                    .contains(key("A").value())
                    .contains(NOW.minusSeconds(1200).plus(HOUR).toString());
        });
        assertThat(RotationLintCheck.domainFindings(
                        domain("B primary", "S backup"),
                        history,
                        Optional.empty(),
                        NO_CERTS,
                        HOUR,
                        LIFETIME,
                        NOW.plus(HOUR)))
                .isEmpty();
    }

    @Test
    void certificatesOfPrimaryKeysAreCheckedForExpiry() {
        var d = domain("A primary", "S backup");

        assertThat(RotationLintCheck.domainFindings(
                        d,
                        List.of(),
                        Optional.empty(),
                        p -> p.equals(key("A")) ? Optional.of(NOW.plus(Duration.ofDays(3))) : Optional.empty(),
                        HOUR,
                        LIFETIME,
                        NOW))
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.code()).isEqualTo("CERTIFICATE_EXPIRES_SOON");
                    assertThat(f.isError()).isFalse();
                });
        assertThat(codes(RotationLintCheck.domainFindings(
                        d, List.of(), Optional.empty(), p -> Optional.of(NOW.minusSeconds(1)), HOUR, LIFETIME, NOW)))
                .containsExactly("CERTIFICATE_EXPIRED");
        assertThat(RotationLintCheck.domainFindings(
                        d,
                        List.of(),
                        Optional.empty(),
                        p -> Optional.of(NOW.plus(Duration.ofDays(90))),
                        HOUR,
                        LIFETIME,
                        NOW))
                .isEmpty();
        assertThat(RotationLintCheck.domainFindings(
                        domain("A backup", "S primary"),
                        List.of(),
                        Optional.empty(),
                        p -> p.equals(key("A")) ? Optional.of(NOW.minusSeconds(1)) : Optional.empty(),
                        HOUR,
                        LIFETIME,
                        NOW))
                .as("an expired backup's certificate is not flagged")
                .isEmpty();
    }

    @Test
    void aFailedLiveCheckIsOnlyAWarning() {
        var findings = RotationLintCheck.domainFindings(
                domain("A primary", "S backup"),
                List.of(),
                Optional.of(new LiveCheck.Outcome(HOST, 443, null, "timed out")),
                NO_CERTS,
                HOUR,
                LIFETIME,
                NOW);

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("LIVE_CHECK_FAILED");
            assertThat(f.isError()).isFalse();
            assertThat(f.message()).contains("timed out");
        });
    }

    @Test
    void promoteIsSafeTwoPollIntervalsAfterTheFirstBundleOfTheRunPinningTheKey() {
        var without = domain("A primary", "S backup");
        var with = domain("A primary", "B backup", "S backup");
        Instant t = NOW.minus(Duration.ofDays(1));
        var history = List.of(
                bundle(4, t.plusSeconds(300), 3600, with),
                bundle(3, t.plusSeconds(200), 3600, with),
                bundle(2, t.plusSeconds(100), 7200, without),
                bundle(1, t, 3600, with));

        assertThat(BundleRotationSafety.safeAfter(history, HOST, key("B")))
                .as("run starts at seq 3; the bundle before polls every 2 h")
                .isEqualTo(t.plusSeconds(200 + 2 * 7200));
        assertThat(BundleRotationSafety.safeAfter(history, HOST, key("X"))).isNull();
        assertThat(BundleRotationSafety.safeAfter(List.of(bundle(5, t, 60, without)), HOST, key("B")))
                .as("a newest bundle without the key (e.g. a republish) means not published")
                .isNull();
        assertThat(BundleRotationSafety.safeAfter(List.of(), HOST, key("B"))).isNull();
    }
}
