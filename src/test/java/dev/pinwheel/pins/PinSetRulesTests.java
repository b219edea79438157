package dev.pinwheel.pins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PinSetRulesTests {

    static Pin pin(int n, PinRole role) {
        byte[] b = new byte[32];
        b[0] = (byte) n;
        return new Pin(PinHash.ofDigest(b), role, "pin " + n, null);
    }

    static PinSetRuleBroken broken(DomainMode mode, List<Pin> pins) {
        try {
            PinSetRules.check(mode, pins);
        } catch (PinSetRuleBroken e) {
            return e;
        }
        throw new AssertionError("no rule broken");
    }

    @Test
    void enforcedSetNeedsTwoPins() {
        PinSetRuleBroken e = broken(DomainMode.ENFORCE, List.of(pin(1, PinRole.BACKUP)));
        assertThat(e.rule().ruleName()).isEqualTo("enforce-needs-two-pins");
        assertThat(e.pin()).isEqualTo(pin(1, PinRole.BACKUP).hash());
    }

    @Test
    void enforcedSetNeedsBackup() {
        PinSetRuleBroken e = broken(DomainMode.ENFORCE, List.of(pin(1, PinRole.PRIMARY), pin(2, PinRole.PRIMARY)));
        assertThat(e.rule().ruleName()).isEqualTo("enforce-needs-backup");
    }

    @Test
    void everySetNeedsOnePin() {
        assertThat(broken(DomainMode.REPORT, List.of()).rule().ruleName()).isEqualTo("at-least-one-pin");
        assertThat(broken(DomainMode.ENFORCE, List.of()).rule().ruleName()).isEqualTo("at-least-one-pin");
    }

    @Test
    void duplicatesAreRefusedNamingThePinAndPosition() {
        PinSetRuleBroken e = broken(
                DomainMode.REPORT, List.of(pin(1, PinRole.PRIMARY), pin(2, PinRole.BACKUP), pin(1, PinRole.BACKUP)));
        assertThat(e.rule().ruleName()).isEqualTo("no-duplicate-pins");
        assertThat(e.pin()).isEqualTo(pin(1, PinRole.PRIMARY).hash());
        assertThat(e.field()).isEqualTo("pins[2]");
        assertThat(e.getMessage()).contains("pins[0]").contains("pins[2]");
    }

    @Test
    void reportModeAcceptsOnePrimaryPin() {
        assertThatCode(() -> PinSetRules.check(DomainMode.REPORT, List.of(pin(1, PinRole.PRIMARY))))
                .doesNotThrowAnyException();
    }

    @Test
    void enforcedSetWithPrimaryAndBackupIsAccepted() {
        assertThatCode(() ->
                        PinSetRules.check(DomainMode.ENFORCE, List.of(pin(1, PinRole.PRIMARY), pin(2, PinRole.BACKUP))))
                .doesNotThrowAnyException();
    }

    @Test
    void domainRefusesStaleExpectedVersionWithCurrentVersion() {
        Domain d = new Domain(HostName.of("a.example"), false, DomainMode.REPORT, Instant.EPOCH);
        d.newPinSetVersion(0, List.of(pin(1, PinRole.PRIMARY)), "t", Instant.EPOCH, null);
        assertThatThrownBy(() -> d.newPinSetVersion(0, List.of(pin(2, PinRole.PRIMARY)), "t", Instant.EPOCH, null))
                .isInstanceOfSatisfying(StalePinSetVersion.class, e -> {
                    assertThat(e.expectedVersion()).isZero();
                    assertThat(e.currentVersion()).isEqualTo(1);
                });
        assertThat(d.currentVersion()).isEqualTo(1);
    }

    @Test
    void domainNumbersVersionsAndKeepsVersionWhenRuleBroken() {
        Domain d = new Domain(HostName.of("a.example"), false, DomainMode.ENFORCE, Instant.EPOCH);
        PinSetVersion v1 = d.newPinSetVersion(
                0, List.of(pin(1, PinRole.PRIMARY), pin(2, PinRole.BACKUP)), "alice", Instant.EPOCH, "first");
        assertThat(v1.version()).isEqualTo(1);
        assertThat(v1.author()).isEqualTo("alice");
        assertThatThrownBy(() -> d.newPinSetVersion(1, List.of(pin(1, PinRole.PRIMARY)), "t", Instant.EPOCH, null))
                .isInstanceOf(PinSetRuleBroken.class);
        assertThat(d.currentVersion()).isEqualTo(1);
    }

    @Test
    void switchingToEnforceChecksCurrentPins() {
        Domain d = new Domain(HostName.of("a.example"), false, DomainMode.REPORT, Instant.EPOCH);
        PinSetVersion v1 = d.newPinSetVersion(0, List.of(pin(1, PinRole.PRIMARY)), "t", Instant.EPOCH, null);
        assertThatThrownBy(() -> d.update(false, DomainMode.ENFORCE, v1, Instant.EPOCH))
                .isInstanceOfSatisfying(
                        PinSetRuleBroken.class, e -> assertThat(e.rule()).isEqualTo(PinSetRule.ENFORCE_NEEDS_TWO_PINS));
        assertThat(d.mode()).isEqualTo(DomainMode.REPORT);
    }
}
