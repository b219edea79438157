package dev.pinwheel.reports;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the report intake ({@code pinwheel.reports.*}).
 *
 * @param maxBodySize   largest report body accepted; larger ones get 413 (default 64KB)
 * @param retention     how long a report is kept after it was last seen (default 30 days)
 * @param purgeInterval how often expired reports are deleted (default 1 hour)
 * @param rateLimit     the per-client-address token bucket
 */
@Validated
@ConfigurationProperties("pinwheel.reports")
public record ReportProperties(
        @NotNull @DefaultValue("64KB") DataSize maxBodySize,
        @NotNull @DefaultValue("30d") Duration retention,
        @NotNull @DefaultValue("1h") Duration purgeInterval,
        @NotNull @Valid @DefaultValue RateLimit rateLimit) {

    /**
     * A token bucket per client address: {@code capacity} reports at once, then one more every
     * {@code refillPeriod}. At most {@code maxClients} addresses are tracked (least recently seen
     * dropped first).
     */
    public record RateLimit(
            @Min(1) @Max(100_000) @DefaultValue("20") int capacity,
            @NotNull @DefaultValue("3s") Duration refillPeriod,
            @Min(1) @DefaultValue("100000") int maxClients) {
    }
}
