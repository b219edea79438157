package dev.pinwheel.core.jobs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Runs the {@link PeriodicJob}s that {@link PeriodicWork} beans declare, the one way Pinwheel does
 * periodic background work, on one
 * Spring {@link ThreadPoolTaskScheduler} of {@code pinwheel.jobs.threads} threads, each job at a fixed
 * delay. Starts after every other lifecycle bean (the web server included) and stops before them:
 * on shutdown no run starts any more, and a run in progress gets {@code pinwheel.jobs.shutdown-timeout}
 * to finish before its thread is interrupted.
 *
 * <p>A run that throws is logged with the job's name and the exception's class only — messages may
 * carry SQL, URLs or other data a log must not hold — and the job runs again after its interval.
 * Jobs that must run on one replica at a time take a {@link dev.pinwheel.core.JobLease} in their work.
 */
@Component
public class PeriodicJobs implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PeriodicJobs.class);
    private static final String THREAD_PREFIX = "job-";

    private final List<PeriodicJob> jobs;
    private final JobProperties properties;
    private final List<ScheduledFuture<?>> scheduled = new ArrayList<>();
    private ThreadPoolTaskScheduler scheduler; // guarded by this

    PeriodicJobs(List<PeriodicWork> work, JobProperties properties) {
        this.jobs = work.stream().flatMap(w -> w.periodicJobs().stream()).toList();
        this.properties = properties;
    }

    /** The jobs this application runs, in registration order. */
    public List<PeriodicJob> jobs() {
        return jobs;
    }

    @Override
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        ThreadPoolTaskScheduler s = new ThreadPoolTaskScheduler();
        s.setPoolSize(properties.threads());
        s.setThreadNamePrefix(THREAD_PREFIX);
        s.setDaemon(true);
        s.setRemoveOnCancelPolicy(true);
        s.setErrorHandler(
                e -> log.error("A background job failed ({})", e.getClass().getSimpleName()));
        s.initialize();
        Instant now = Instant.now();
        for (PeriodicJob job : jobs) {
            scheduled.add(s.scheduleWithFixedDelay(guarded(job), now.plus(job.initialDelay()), job.interval()));
        }
        scheduler = s;
        log.debug("Started {} periodic job(s) on {} thread(s)", jobs.size(), properties.threads());
    }

    @Override
    public synchronized void stop() {
        ThreadPoolTaskScheduler s = scheduler;
        if (s == null) {
            return;
        }
        scheduled.forEach(f -> f.cancel(false));
        scheduled.clear();
        ScheduledExecutorService executor = s.getScheduledExecutor();
        executor.shutdown();
        try {
            if (!executor.awaitTermination(properties.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Background jobs still running after {}; interrupting them", properties.shutdownTimeout());
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        scheduler = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }

    /** Last to start, first to stop: jobs never run against a half-started or half-stopped service. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }

    private static Runnable guarded(PeriodicJob job) {
        return () -> {
            Thread thread = Thread.currentThread();
            String threadName = thread.getName();
            thread.setName(THREAD_PREFIX + job.name());
            try {
                job.work().run();
            } catch (RuntimeException e) {
                log.warn(
                        "Background job {} failed ({}); next run in {}",
                        job.name(),
                        e.getClass().getSimpleName(),
                        job.interval());
            } finally {
                thread.setName(threadName);
            }
        };
    }
}
