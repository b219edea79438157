package dev.pinwheel.core.jobs;

import java.time.Duration;
import java.util.Objects;

/**
 * A piece of background work that {@link PeriodicJobs} runs again and again, {@code interval} after
 * the end of the previous run (runs of one job never overlap). Declared by the bean that does the
 * work ({@link PeriodicWork}), with its interval taken from its package's properties record.
 *
 * @param name         a short name for logs and the thread name, e.g. {@code bundle-resign}; never null
 * @param interval     the pause between the end of one run and the start of the next; positive
 * @param initialDelay the pause between start-up and the first run; zero or positive
 * @param work         the work; what it throws is logged by its class only, and the next run comes on time
 */
public record PeriodicJob(String name, Duration interval, Duration initialDelay, Runnable work) {

    public PeriodicJob {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(work, "work");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("The interval of job " + name + " must be positive, not " + interval);
        }
        if (initialDelay.isNegative()) {
            throw new IllegalArgumentException("The initial delay of job " + name + " must not be negative");
        }
    }

    /** A job whose first run comes one interval after start-up. */
    public static PeriodicJob every(Duration interval, String name, Runnable work) {
        return new PeriodicJob(name, interval, interval, work);
    }

    /** A job that runs once at start-up and then every interval. */
    public static PeriodicJob atStartAndEvery(Duration interval, String name, Runnable work) {
        return new PeriodicJob(name, interval, Duration.ZERO, work);
    }
}
