package dev.pinwheel.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The rules of the mismatch refresh limits, without a network. */
class MismatchRefreshLimiterTests {

    static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");

    final MismatchRefreshLimiter limiter = new MismatchRefreshLimiter(Duration.ofSeconds(10), 3, Duration.ofMinutes(1));

    private boolean refresh(String hostPort, Instant now) {
        if (!limiter.tryAcquire(hostPort, now)) {
            return false;
        }
        limiter.refreshed(hostPort, now);
        return true;
    }

    @Test
    void allowsOneRefreshPerHostAndPortPerInterval() {
        assertThat(refresh("a.test:443", T0)).isTrue();
        assertThat(refresh("a.test:443", T0.plusSeconds(9))).isFalse();
        assertThat(refresh("a.test:8443", T0.plusSeconds(9)))
                .as("another port is another host")
                .isTrue();
        assertThat(refresh("a.test:443", T0.plusSeconds(30))).isTrue();
    }

    @Test
    void aRefusedManInTheMiddleOnOneHostLeavesTheOthersTheirRefresh() {
        assertThat(refresh("mitm.test:443", T0)).isTrue();
        assertThat(refresh("mitm.test:443", T0.plusSeconds(1))).isFalse();
        assertThat(refresh("genuine.test:443", T0.plusSeconds(1))).isTrue();
    }

    @Test
    void aNewerBundleLetsEveryHostRefreshAgainButDoesNotRefillTheGlobalBudget() {
        assertThat(refresh("a.test:443", T0)).isTrue();
        assertThat(refresh("b.test:443", T0)).isTrue();

        limiter.bundleChanged();

        assertThat(refresh("a.test:443", T0)).isTrue();
        assertThat(refresh("b.test:443", T0))
                .as("the global budget of 3 is spent")
                .isFalse();
    }

    @Test
    void boundsRefreshesOverAllHostsByATokenBucket() {
        int allowed = 0;
        for (int i = 0; i < 100; i++) {
            if (refresh("h" + i + ".test:443", T0)) {
                allowed++;
            }
        }
        assertThat(allowed).isEqualTo(3);

        assertThat(refresh("late.test:443", T0.plusSeconds(19)))
                .as("one token per 20 s")
                .isFalse();
        assertThat(refresh("late.test:443", T0.plusSeconds(20))).isTrue();
        assertThat(limiter.tokensLeft(T0.plusSeconds(20))).isZero();
        assertThat(limiter.tokensLeft(T0.plus(Duration.ofHours(5))))
                .as("refilled, never above the budget")
                .isEqualTo(3);
    }

    @Test
    void aHostDeniedByTheGlobalBudgetIsNotMarked() {
        for (int i = 0; i < 3; i++) {
            assertThat(refresh("h" + i + ".test:443", T0)).isTrue();
        }
        assertThat(refresh("x.test:443", T0)).isFalse();
        assertThat(refresh("x.test:443", T0.plusSeconds(20)))
                .as("x never refreshed, so it is not held back")
                .isTrue();
    }

    @Test
    void aClockSetBackNeitherBlocksAHostNorRefillsTokens() {
        assertThat(refresh("a.test:443", T0)).isTrue();
        assertThat(refresh("a.test:443", T0.minus(Duration.ofDays(1)))).isTrue();
        assertThat(limiter.tokensLeft(T0.minus(Duration.ofDays(1)))).isEqualTo(1);
    }

    @Test
    void forgetsExpiredMarksWhenTooManyHostsAreMarked() {
        MismatchRefreshLimiter generous =
                new MismatchRefreshLimiter(Duration.ofSeconds(10), 5000, Duration.ofSeconds(1));
        for (int i = 0; i < MismatchRefreshLimiter.MAX_MARKED_HOSTS; i++) {
            assertThat(generous.tryAcquire("h" + i + ":443", T0)).isTrue();
            generous.refreshed("h" + i + ":443", T0);
        }
        generous.refreshed("new:443", T0.plusSeconds(11));
        assertThat(generous.tryAcquire("h0:443", T0.plusSeconds(11))).isTrue();
        assertThat(generous.tryAcquire("new:443", T0.plusSeconds(12))).isFalse();
    }

    @Test
    void rejectsANegativeIntervalAndAnEmptyBudget() {
        assertThatThrownBy(() -> new MismatchRefreshLimiter(Duration.ofSeconds(-1), 3, Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MismatchRefreshLimiter(Duration.ofSeconds(10), 0, Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PinwheelConfig.builder().mismatchRefreshBudget(3, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PinwheelConfig.builder().mismatchRefreshBudget(3, Duration.ofDays(2)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PinwheelConfig.builder().mismatchRefreshInterval(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
