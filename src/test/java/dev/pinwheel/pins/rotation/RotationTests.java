package dev.pinwheel.pins.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pinwheel.pins.PinHash;
import dev.pinwheel.pins.PinSetRule;
import dev.pinwheel.pins.PinSetRuleBroken;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The rotation state machine: every transition guarded by state, time, backup and the served key. */
class RotationTests {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final PinHash OLD = PinHash.ofDigest(new byte[32]);
    static final PinHash NEW = PinHash.ofDigest(java.util.Arrays.copyOf(new byte[] {1}, 32));
    static final Duration COOL_DOWN = Duration.ofHours(1);
    static final RotationSafety.PromoteReadiness READY =
            new RotationSafety.PromoteReadiness(List.of("app"), List.of(), T0.plusSeconds(7200));

    final AtomicInteger pinChanges = new AtomicInteger();

    Rotation staged() {
        return new Rotation(1L, OLD, NEW, KeySource.PIN, false, null, "alice", T0, 2);
    }

    int change() {
        return 10 + pinChanges.incrementAndGet();
    }

    Rotation promoted() {
        Rotation r = staged();
        r.promote(T0.plusSeconds(7200), READY, this::change);
        return r;
    }

    @Test
    void stagedRotationIsOpenAndNextStepIsPromote() {
        Rotation r = staged();
        assertThat(r.state()).isEqualTo(RotationState.STAGED);
        assertThat(r.state().isOpen()).isTrue();
        assertThat(r.nextStep()).isEqualTo("promote");
    }

    @Test
    void promoteIsRefusedWhileAnAppHasNotPublishedTheNewKey() {
        Rotation r = staged();
        var unpublished = new RotationSafety.PromoteReadiness(List.of("a", "b"), List.of("b"), null);

        assertNotSafe(() -> r.promote(T0.plusSeconds(99999), unpublished, this::change), "unpublishedApps");
        assertThat(r.state()).isEqualTo(RotationState.STAGED);
        assertThat(pinChanges).hasValue(0);
    }

    @Test
    void promoteIsRefusedBeforeSafeAfterAndAllowedAtIt() {
        Rotation r = staged();
        RotationNotSafeYet e = assertNotSafe(() -> r.promote(T0.plusSeconds(7199), READY, this::change), "safeAfter");
        assertThat(e.safeAfter()).hasToString("2026-01-01T02:00:00Z");

        r.promote(T0.plusSeconds(7200), READY, this::change);

        assertThat(r.state()).isEqualTo(RotationState.PROMOTED);
        assertThat(r.promotedAt()).isEqualTo(T0.plusSeconds(7200));
        assertThat(r.promotedVersion()).isEqualTo(11);
        assertThat(r.nextStep()).isEqualTo("finish");
    }

    @Test
    void promoteWithNoCarryingAppIsAllowedAtOnce() {
        Rotation r = staged();
        r.promote(T0, new RotationSafety.PromoteReadiness(List.of(), List.of(), null), this::change);
        assertThat(r.state()).isEqualTo(RotationState.PROMOTED);
    }

    @Test
    void finishIsRefusedDuringTheCoolDown() {
        Rotation r = promoted();
        RotationNotSafeYet e = assertNotSafe(
                () -> r.finish(
                        r.promotedAt().plus(COOL_DOWN).minusSeconds(1),
                        COOL_DOWN,
                        true,
                        new Rotation.Served.Unchecked(),
                        this::change),
                "safeAfter");
        assertThat(e.safeAfter()).isEqualTo(r.promotedAt().plus(COOL_DOWN));
        assertThat(r.state()).isEqualTo(RotationState.PROMOTED);
    }

    @Test
    void finishIsRefusedWhileTheOldKeyIsServed() {
        Rotation r = promoted();
        Instant later = r.promotedAt().plus(COOL_DOWN);
        RotationNotSafeYet e = assertNotSafe(
                () -> r.finish(later, COOL_DOWN, true, new Rotation.Served.Key(OLD), this::change), "servedPin");
        assertThat(e.getMessage()).contains("still serves the old key");
        assertNotSafe(
                () -> r.finish(later, COOL_DOWN, true, new Rotation.Served.Failed("timed out"), this::change),
                "liveCheckFailure");
    }

    @Test
    void finishIsRefusedWhenNoBackupWouldRemain() {
        Rotation r = promoted();
        assertThatThrownBy(() -> r.finish(
                        r.promotedAt().plus(COOL_DOWN),
                        COOL_DOWN,
                        false,
                        new Rotation.Served.Unchecked(),
                        this::change))
                .isInstanceOfSatisfying(PinSetRuleBroken.class, e -> {
                    assertThat(e.rule()).isEqualTo(PinSetRule.ENFORCE_NEEDS_BACKUP);
                    assertThat(e.getMessage()).contains("add a backup first");
                });
    }

    @Test
    void finishAfterCoolDownWithTheNewKeyServedClosesTheRotation() {
        Rotation r = promoted();
        r.finish(r.promotedAt().plus(COOL_DOWN), COOL_DOWN, true, new Rotation.Served.Key(NEW), this::change);

        assertThat(r.state()).isEqualTo(RotationState.FINISHED);
        assertThat(r.state().isOpen()).isFalse();
        assertThat(r.finishedVersion()).isEqualTo(12);
        assertThat(r.nextStep()).isNull();
    }

    @Test
    void stepsOutOfOrderAreRefusedByState() {
        assertState(() -> staged().finish(T0, COOL_DOWN, true, new Rotation.Served.Unchecked(), this::change));
        assertState(() -> promoted().abort(T0, this::change));
        assertState(() -> promoted().promote(T0, READY, this::change));
        Rotation aborted = staged();
        aborted.abort(T0, this::change);
        assertThat(aborted.state()).isEqualTo(RotationState.ABORTED);
        assertState(() -> aborted.promote(T0.plusSeconds(99999), READY, this::change));
        assertState(() -> aborted.abort(T0, this::change));
    }

    @Test
    void refusesARotationToTheSameKey() {
        assertThatThrownBy(() -> new Rotation(1L, OLD, OLD, KeySource.PIN, false, null, "a", T0, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static RotationNotSafeYet assertNotSafe(Runnable r, String evidence) {
        try {
            r.run();
        } catch (RotationNotSafeYet e) {
            Object given = switch (evidence) {
                case "safeAfter" -> e.safeAfter();
                case "unpublishedApps" -> e.unpublishedApps();
                case "adoption" -> e.adoption();
                case "servedPin" -> e.servedPin();
                default -> e.liveCheckFailure();
            };
            assertThat(given).as(evidence).isNotNull();
            return e;
        }
        throw new AssertionError("expected a rotation-not-safe-yet problem");
    }

    static void assertState(Runnable r) {
        assertThatThrownBy(r::run).isInstanceOf(RotationStepRefused.class);
    }
}
