package dev.pinwheel.pins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The typed pin set edits a rotation makes: each keeps labels and certificate metadata, and the rules hold. */
class PinSetEditTests {

    static final PinHash A = key(1);
    static final PinHash B = key(2);
    static final PinHash S = key(3);

    static PinHash key(int n) {
        byte[] b = new byte[32];
        b[0] = (byte) n;
        return PinHash.ofDigest(b);
    }

    static final CertificatePins.CertificatePin CERT = new CertificatePins.CertificatePin(
            A, "CN=a", "CN=ca", "01", Instant.EPOCH, Instant.EPOCH.plusSeconds(86400), "EC P-256");

    final List<Pin> current =
            List.of(new Pin(A, PinRole.PRIMARY, "served", CERT), new Pin(S, PinRole.BACKUP, "spare", null));

    @Test
    void stageBackupAppendsTheKeyAsBackup() {
        List<Pin> next = new PinSetEdit.StageBackup(new Pin(B, PinRole.BACKUP, "new", null)).apply(current);
        assertThat(next).extracting(Pin::hash).containsExactly(A, S, B);
        assertThat(next.get(2).role()).isEqualTo(PinRole.BACKUP);
        assertThatThrownBy(() -> new PinSetEdit.StageBackup(new Pin(B, PinRole.PRIMARY, null, null)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void promoteSwapsRolesAndKeepsLabelsAndCertificates() {
        List<Pin> staged = new PinSetEdit.StageBackup(new Pin(B, PinRole.BACKUP, "new", null)).apply(current);
        List<Pin> next = new PinSetEdit.Promote(B, A).apply(staged);
        assertThat(next)
                .extracting(Pin::hash, Pin::role, Pin::label)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(A, PinRole.BACKUP, "served"),
                        org.assertj.core.groups.Tuple.tuple(S, PinRole.BACKUP, "spare"),
                        org.assertj.core.groups.Tuple.tuple(B, PinRole.PRIMARY, "new"));
        assertThat(next.get(0).certSubject()).isEqualTo("CN=a");
        assertThat(next.get(0).certNotAfter()).isEqualTo(CERT.notAfter());
    }

    @Test
    void dropRemovesOnlyThatKey() {
        assertThat(new PinSetEdit.Drop(S).apply(current)).extracting(Pin::hash).containsExactly(A);
        assertThat(new PinSetEdit.Drop(B).apply(current)).extracting(Pin::hash).containsExactly(A, S);
    }

    @Test
    void anEditThatBreaksARuleMakesNoVersion() {
        Domain d = new Domain(HostName.of("a.example"), false, DomainMode.ENFORCE, Instant.EPOCH);
        PinSetVersion v1 = d.newPinSetVersion(0, current, "t", Instant.EPOCH, null);
        assertThatThrownBy(() -> d.edit(1, v1, new PinSetEdit.Drop(S), "t", Instant.EPOCH, null))
                .isInstanceOfSatisfying(
                        PinSetRuleBroken.class, e -> assertThat(e.rule()).isEqualTo(PinSetRule.ENFORCE_NEEDS_TWO_PINS));
        assertThatThrownBy(() -> d.edit(0, v1, new PinSetEdit.Promote(S, A), "t", Instant.EPOCH, null))
                .isInstanceOf(StalePinSetVersion.class);
        assertThat(d.currentVersion()).isEqualTo(1);
        PinSetVersion v2 = d.edit(1, v1, new PinSetEdit.Promote(S, A), "t", Instant.EPOCH, null);
        assertThat(v2.pins()).extracting(Pin::role).containsExactly(PinRole.BACKUP, PinRole.PRIMARY);
    }
}
