package dev.pinwheel.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock tests move by hand, with a monotonic reading beside it: {@link #advance} moves both
 * (time passes), {@link #set} moves the wall clock only (someone sets the device clock).
 */
final class MutableClock extends Clock {

    private volatile Instant now;
    private volatile long nanos = 1_000_000_000L;

    MutableClock(Instant now) {
        this.now = now;
    }

    void set(Instant instant) {
        now = instant;
    }

    void advance(Duration duration) {
        now = now.plus(duration);
        nanos += duration.toNanos();
    }

    /** The monotonic reading, for {@code PinwheelConfig.Builder.monotonicClock(clock::nanoTime)}. */
    long nanoTime() {
        return nanos;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
