package dev.pinwheel.core.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PeriodicJobsTests {

    static final JobProperties PROPERTIES = new JobProperties(2, Duration.ofSeconds(5));
    PeriodicJobs jobs;

    static PeriodicJobs run(PeriodicJob... jobs) {
        return run(PROPERTIES, jobs);
    }

    static PeriodicJobs run(JobProperties properties, PeriodicJob... jobs) {
        return new PeriodicJobs(List.of(() -> List.of(jobs)), properties);
    }

    @AfterEach
    void stop() {
        if (jobs != null) {
            jobs.stop();
        }
    }

    @Test
    void runsEveryJobAgainAtItsInterval() {
        AtomicInteger fast = new AtomicInteger();
        AtomicInteger slow = new AtomicInteger();
        jobs = run(
                PeriodicJob.atStartAndEvery(Duration.ofMillis(20), "fast", fast::incrementAndGet),
                PeriodicJob.every(Duration.ofHours(1), "slow", slow::incrementAndGet));

        jobs.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> fast.get() >= 3);
        assertThat(slow).hasValue(0); // its first run is one interval after start
        assertThat(jobs.isRunning()).isTrue();
    }

    @Test
    void aJobThatThrowsRunsAgainAndDoesNotStopTheOthers() {
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger runs = new AtomicInteger();
        jobs = run(
                PeriodicJob.atStartAndEvery(Duration.ofMillis(20), "failing", () -> {
                    failures.incrementAndGet();
                    throw new IllegalStateException("secret-looking detail");
                }),
                PeriodicJob.atStartAndEvery(Duration.ofMillis(20), "healthy", runs::incrementAndGet));

        jobs.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> failures.get() >= 3 && runs.get() >= 3);
    }

    @Test
    void stopLetsTheRunInProgressFinishAndStartsNoOther() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicInteger finished = new AtomicInteger();
        AtomicInteger runs = new AtomicInteger();
        jobs = run(PeriodicJob.atStartAndEvery(Duration.ofMillis(10), "slow-run", () -> {
            runs.incrementAndGet();
            started.countDown();
            try {
                Thread.sleep(300); // a run in progress at shutdown, not a wait for a condition
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            finished.incrementAndGet();
        }));
        jobs.start();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        jobs.stop();

        assertThat(jobs.isRunning()).isFalse();
        assertThat(finished).hasValue(1); // stop() returned after the run finished
        assertThat(runs).hasValue(1); // and the job was not run again
    }

    @Test
    void stopInterruptsARunThatOutlastsTheShutdownTimeout() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        JobProperties shortTimeout = new JobProperties(1, Duration.ofMillis(100));
        jobs = run(shortTimeout, PeriodicJob.atStartAndEvery(Duration.ofSeconds(1), "stuck", () -> {
            started.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        }));
        jobs.start();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        jobs.stop();

        assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void refusesAnIntervalThatIsNotPositive() {
        assertThatThrownBy(() -> PeriodicJob.every(Duration.ZERO, "bad", () -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad");
        assertThatThrownBy(() -> PeriodicJob.every(Duration.ofSeconds(-1), "bad", () -> {}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
