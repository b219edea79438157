package dev.pinwheel.bundles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.pinwheel.pins.DomainMode;
import dev.pinwheel.pins.PinCatalog.DomainPins;
import dev.pinwheel.pins.PinCatalog.Pin;
import dev.pinwheel.pins.PinHash;
import dev.pinwheel.pins.PinRole;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PinSetRulesCheckTests {

    final PinSetRulesCheck check = new PinSetRulesCheck();

    static PinHash key(int n) {
        return PinHash.ofDigest(java.util.Arrays.copyOf(new byte[] {(byte) n}, 32));
    }

    static final Pin PRIMARY = new Pin(key(1), PinRole.PRIMARY);
    static final Pin BACKUP = new Pin(key(2), PinRole.BACKUP);

    @Test
    void acceptsAnEnforcedDomainWithAPrimaryAndABackup() {
        assertThat(check.check(candidate(domain("a.example.com", DomainMode.ENFORCE, PRIMARY, BACKUP))))
                .isEmpty();
    }

    @Test
    void refusesAnAppWithoutDomains() {
        assertThat(check.check(candidate()))
                .extracting(Finding::code, Finding::severity, Finding::domain)
                .containsExactly(tuple("NO_DOMAINS", Finding.Severity.ERROR, null));
    }

    @Test
    void refusesADomainWithoutPins() {
        assertThat(check.check(candidate(domain("a.example.com", DomainMode.ENFORCE))))
                .extracting(Finding::code, Finding::severity, Finding::domain)
                .containsExactly(tuple("NO_PINS", Finding.Severity.ERROR, "a.example.com"));
    }

    @Test
    void refusesAnEnforcedDomainWithOnePinAndNoBackup() {
        assertThat(check.check(candidate(domain("a.example.com", DomainMode.ENFORCE, PRIMARY))))
                .extracting(Finding::code, Finding::severity)
                .containsExactly(
                        tuple("TOO_FEW_PINS", Finding.Severity.ERROR), tuple("NO_BACKUP_PIN", Finding.Severity.ERROR));
    }

    @Test
    void refusesAnEnforcedDomainWithTwoPrimariesAndNoBackup() {
        Pin other = new Pin(key(3), PinRole.PRIMARY);
        assertThat(check.check(candidate(domain("a.example.com", DomainMode.ENFORCE, PRIMARY, other))))
                .extracting(Finding::code)
                .containsExactly("NO_BACKUP_PIN");
    }

    @Test
    void onlyWarnsAboutAReportOnlyDomainWithOnePin() {
        assertThat(check.check(candidate(domain("a.example.com", DomainMode.REPORT, PRIMARY))))
                .extracting(Finding::code, Finding::severity)
                .containsExactly(
                        tuple("TOO_FEW_PINS", Finding.Severity.WARNING),
                        tuple("NO_BACKUP_PIN", Finding.Severity.WARNING));
    }

    @Test
    void reportsEveryBadDomainNotOnlyTheFirst() {
        assertThat(check.check(candidate(
                        domain("a.example.com", DomainMode.ENFORCE),
                        domain("b.example.com", DomainMode.ENFORCE, PRIMARY, BACKUP),
                        domain("c.example.com", DomainMode.ENFORCE, BACKUP))))
                .extracting(Finding::code, Finding::domain)
                .containsExactly(tuple("NO_PINS", "a.example.com"), tuple("TOO_FEW_PINS", "c.example.com"));
    }

    private static BundleCandidate candidate(DomainPins... domains) {
        return new BundleCandidate("app", List.of(domains), Instant.EPOCH);
    }

    private static DomainPins domain(String host, DomainMode mode, Pin... pins) {
        return new DomainPins(host, false, mode, pins.length == 0 ? 0 : 1, List.of(pins));
    }
}
