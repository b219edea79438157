package dev.pinwheel.reports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pinwheel.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ClientRateLimiterTests {

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T12:00:00Z"));

    @Test
    void allowsABurstUpToCapacityThenSaysHowLongToWait() {
        var limiter = new ClientRateLimiter(new ReportProperties.RateLimit(3, Duration.ofSeconds(10), 100), clock);

        assertThat(limiter.tryAcquire("10.0.0.1")).isEmpty();
        assertThat(limiter.tryAcquire("10.0.0.1")).isEmpty();
        assertThat(limiter.tryAcquire("10.0.0.1")).isEmpty();
        assertThat(limiter.tryAcquire("10.0.0.1")).contains(Duration.ofSeconds(10));

        clock.advance(Duration.ofSeconds(4));
        assertThat(limiter.tryAcquire("10.0.0.1")).contains(Duration.ofSeconds(6));
        clock.advance(Duration.ofSeconds(6));
        assertThat(limiter.tryAcquire("10.0.0.1")).isEmpty();
    }

    @Test
    void limitsEachAddressSeparately() {
        var limiter = new ClientRateLimiter(new ReportProperties.RateLimit(1, Duration.ofMinutes(1), 100), clock);

        assertThat(limiter.tryAcquire("10.0.0.1")).isEmpty();
        assertThat(limiter.tryAcquire("10.0.0.1")).isPresent();
        assertThat(limiter.tryAcquire("10.0.0.2")).isEmpty();
    }

    @Test
    void refillsNoMoreThanCapacity() {
        var limiter = new ClientRateLimiter(new ReportProperties.RateLimit(2, Duration.ofSeconds(1), 100), clock);
        limiter.tryAcquire("a");
        clock.advance(Duration.ofHours(1));

        assertThat(limiter.tryAcquire("a")).isEmpty();
        assertThat(limiter.tryAcquire("a")).isEmpty();
        assertThat(limiter.tryAcquire("a")).isPresent();
    }

    @Test
    void forgetsTheLeastRecentlySeenAddressBeyondMaxClients() {
        var limiter = new ClientRateLimiter(new ReportProperties.RateLimit(1, Duration.ofHours(1), 2), clock);
        limiter.tryAcquire("a");
        limiter.tryAcquire("b");
        limiter.tryAcquire("c");

        assertThat(limiter.tryAcquire("c")).isPresent();
        assertThat(limiter.tryAcquire("a")).isEmpty();
    }
}
