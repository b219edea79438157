package dev.pinwheel.core.jobs;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the scheduler that runs every periodic job ({@code pinwheel.jobs.*}). The interval of
 * each job is a setting of the package that owns it.
 *
 * @param threads         how many jobs may run at the same moment (default 4); a slow job (the watch
 *                        probing hosts) then does not hold up the others (the replica sync)
 * @param shutdownTimeout how long a run in progress may take to finish when the service stops, before
 *                        its thread is interrupted (default 10 s; keep it below
 *                        {@code spring.lifecycle.timeout-per-shutdown-phase})
 */
@Validated
@ConfigurationProperties("pinwheel.jobs")
public record JobProperties(
        @DefaultValue("4") @Min(1) @Max(64) int threads,
        @DefaultValue("10s") @NotNull Duration shutdownTimeout) {}
