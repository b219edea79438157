package dev.pinwheel.pins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import dev.pinwheel.core.ProblemException;
import dev.pinwheel.core.ProblemType;
import org.junit.jupiter.api.Test;

class PinSetRulesTests {

    static Pin pin(int n, PinRole role) {
        byte[] b = new byte[32];
        b[0] = (byte) n;
        return new Pin(PinHash.ofDigest(b), role, "pin " + n, null);
    }

    static ProblemException broken(DomainMode mode, List<Pin> pins) {
        try {
            PinSetRules.check(mode, pins);
        } catch (ProblemException e) {
            assertThat(e.type()).isEqualTo(ProblemType.PIN_SET_RULE);
            return e;
        }
        throw new AssertionError("no rule broken");
    }

    @Test
    void enforcedSetNeedsTwoPins() {
        ProblemException e = broken(DomainMode.ENFORCE, List.of(pin(1, PinRole.BACKUP)));
        assertThat(e.extensions()).containsEntry("rule", "enforce-needs-two-pins")
                .containsEntry("pin", pin(1, PinRole.BACKUP).hash().value());
    }

    @Test
    void enforcedSetNeedsBackup() {
        ProblemException e = broken(DomainMode.ENFORCE, List.of(pin(1, PinRole.PRIMARY), pin(2, PinRole.PRIMARY)));
        assertThat(e.extensions()).containsEntry("rule", "enforce-needs-backup");
    }

    @Test
    void everySetNeedsOnePin() {
        assertThat(broken(DomainMode.REPORT, List.of()).extensions()).containsEntry("rule", "at-least-one-pin");
        assertThat(broken(DomainMode.ENFORCE, List.of()).extensions()).containsEntry("rule", "at-least-one-pin");
    }

    @Test
    void duplicatesAreRefusedNamingThePinAndPosition() {
        ProblemException e = broken(DomainMode.REPORT,
                List.of(pin(1, PinRole.PRIMARY), pin(2, PinRole.BACKUP), pin(1, PinRole.BACKUP)));
        assertThat(e.extensions()).containsEntry("rule", "no-duplicate-pins")
                .containsEntry("pin", pin(1, PinRole.PRIMARY).hash().value()).containsEntry("field", "pins[2]");
        assertThat(e.detail()).contains("pins[0]").contains("pins[2]");
    }

    @Test
    void reportModeAcceptsOnePrimaryPin() {
        assertThatCode(() -> PinSetRules.check(DomainMode.REPORT, List.of(pin(1, PinRole.PRIMARY))))
                .doesNotThrowAnyException();
    }

    @Test
    void enforcedSetWithPrimaryAndBackupIsAccepted() {
        assertThatCode(() -> PinSetRules.check(DomainMode.ENFORCE, List.of(pin(1, PinRole.PRIMARY),
                pin(2, PinRole.BACKUP)))).doesNotThrowAnyException();
    }

    @Test
    void domainRefusesStaleExpectedVersionWithCurrentVersion() {
        Domain d = new Domain(HostName.of("a.example"), false, DomainMode.REPORT, Instant.EPOCH);
        d.newPinSetVersion(0, List.of(pin(1, PinRole.PRIMARY)), "t", Instant.EPOCH, null);
        assertThatThrownBy(() -> d.newPinSetVersion(0, List.of(pin(2, PinRole.PRIMARY)), "t", Instant.EPOCH, null))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.type()).isEqualTo(ProblemType.PRECONDITION_FAILED);
                    assertThat(e.extensions()).containsEntry("currentVersion", 1);
                });
        assertThat(d.currentVersion()).isEqualTo(1);
    }

    @Test
    void domainNumbersVersionsAndKeepsVersionWhenRuleBroken() {
        Domain d = new Domain(HostName.of("a.example"), false, DomainMode.ENFORCE, Instant.EPOCH);
        PinSetVersion v1 = d.newPinSetVersion(0, List.of(pin(1, PinRole.PRIMARY), pin(2, PinRole.BACKUP)), "alice",
                Instant.EPOCH, "first");
        assertThat(v1.version()).isEqualTo(1);
        assertThat(v1.author()).isEqualTo("alice");
        assertThatThrownBy(() -> d.newPinSetVersion(1, List.of(pin(1, PinRole.PRIMARY)), "t", Instant.EPOCH, null))
                .isInstanceOf(ProblemException.class);
        assertThat(d.currentVersion()).isEqualTo(1);
    }

    @Test
    void switchingToEnforceChecksCurrentPins() {
        Domain d = new Domain(HostName.of("a.example"), false, DomainMode.REPORT, Instant.EPOCH);
        PinSetVersion v1 = d.newPinSetVersion(0, List.of(pin(1, PinRole.PRIMARY)), "t", Instant.EPOCH, null);
        assertThatThrownBy(() -> d.update(false, DomainMode.ENFORCE, v1, Instant.EPOCH))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.extensions()).containsEntry("rule", "enforce-needs-two-pins"));
        assertThat(d.mode()).isEqualTo(DomainMode.REPORT);
    }
}
