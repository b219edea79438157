package dev.pinwheel.reports;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
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
 * @param rateLimit     the per-client token bucket (clients as {@code ClientAddresses} tells them apart)
 * @param cap           how many new distinct reports an app may gain per period
 */
@Validated
@ConfigurationProperties("pinwheel.reports")
public record ReportProperties(
        @NotNull @DefaultValue("64KB") DataSize maxBodySize,
        @NotNull @DefaultValue("30d") Duration retention,
        @NotNull @DefaultValue("1h") Duration purgeInterval,
        @NotNull @Valid @DefaultValue RateLimit rateLimit,
        @NotNull @Valid @DefaultValue Cap cap) {

    /**
     * New distinct report rows per app and period: at most {@code newPerPeriod} for hosts the app
     * pins and, counted apart, {@code newUnpinnedPerPeriod} for other hosts. Beyond, a report that
     * would make a new row is dropped and counted; repeats of stored reports are always counted.
     */
    public record Cap(
            @Min(1) @DefaultValue("1000") int newPerPeriod,
            @Min(1) @DefaultValue("100") int newUnpinnedPerPeriod,
            @NotNull @DefaultValue("1h") Duration period) {}

    /**
     * A token bucket per client address: {@code capacity} reports at once, then one more every
     * {@code refillPeriod}. At most {@code maxClients} addresses are tracked (least recently seen
     * dropped first).
     */
    public record RateLimit(
            @Min(1) @Max(100_000) @DefaultValue("20") int capacity,
            @NotNull @DefaultValue("3s") Duration refillPeriod,
            @Min(1) @DefaultValue("100000") int maxClients) {}
}
