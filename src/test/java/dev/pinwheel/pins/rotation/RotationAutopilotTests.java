package dev.pinwheel.pins.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pinwheel.pins.PinHash;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The autopilot state a rotation keeps: pause and resume guards, what abort and steps leave behind. */
class RotationAutopilotTests {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final PinHash OLD = PinHash.ofDigest(new byte[32]);
    static final PinHash NEW = PinHash.ofDigest(java.util.Arrays.copyOf(new byte[] {1}, 32));

    private static Rotation staged(boolean autopilot) {
        return new Rotation(1L, OLD, NEW, KeySource.PIN, false, null, "alice", T0, 2, autopilot);
    }

    @Test
    void aRotationStagedWithoutAutopilotCannotBePausedOrResumed() {
        Rotation r = staged(false);
        assertThat(r.autopilot()).isFalse();
        assertThat(r.autopilotActive()).isFalse();
        assertThatThrownBy(() -> r.pauseAutopilot(T0))
                .isInstanceOfSatisfying(
                        RotationStepRefused.class, e -> assertThat(e.state()).isEqualTo(RotationState.STAGED));
        assertThatThrownBy(() -> r.resumeAutopilot(T0)).isInstanceOf(RotationStepRefused.class);
    }

    @Test
    void pauseAndResumeAlternateAndSayWhatHoldsTheAutopilot() {
        Rotation r = staged(true);
        assertThat(r.autopilotActive()).isTrue();
        r.pauseAutopilot(T0.plusSeconds(10));
        assertThat(r.autopilotPaused()).isTrue();
        assertThat(r.autopilotLastAction()).isEqualTo("paused");
        assertThat(r.autopilotLastActionAt()).isEqualTo(T0.plusSeconds(10));
        assertThat(r.autopilotWaitingFor()).contains("paused");
        assertThatThrownBy(() -> r.pauseAutopilot(T0)).hasMessageContaining("paused already");

        r.resumeAutopilot(T0.plusSeconds(20));
        assertThat(r.autopilotPaused()).isFalse();
        assertThat(r.autopilotLastAction()).isEqualTo("resumed");
        assertThat(r.autopilotWaitingFor()).isNull();
        assertThatThrownBy(() -> r.resumeAutopilot(T0)).hasMessageContaining("not paused");
    }

    @Test
    void abortEndsTheAutopilotAndClosedRotationsCannotBePaused() {
        Rotation r = staged(true);
        r.autopilotWaitsFor("Promote is not safe before ...");
        r.abort(T0.plusSeconds(5), () -> 3);
        assertThat(r.autopilotActive()).isFalse();
        assertThat(r.autopilotLastAction()).isEqualTo("aborted");
        assertThat(r.autopilotWaitingFor()).isNull();
        assertThatThrownBy(() -> r.pauseAutopilot(T0)).hasMessageContaining("aborted");
    }

    @Test
    void aStepClearsTheReasonAndDoneEndsTheWork() {
        Rotation r = staged(true);
        r.autopilotWaitsFor("x".repeat(5000));
        assertThat(r.autopilotWaitingFor()).hasSize(2000);
        r.autopilotTook(AutopilotAction.PUBLISHED, T0.plusSeconds(1));
        assertThat(r.autopilotWaitingFor()).isNull();
        assertThat(r.autopilotLastAction()).isEqualTo("published");
        r.autopilotDone(T0.plusSeconds(2));
        assertThat(r.autopilotActive()).isFalse();
        assertThat(r.autopilotLastAction()).isEqualTo("done");
    }
}
