package dev.pinwheel.alerts;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Alert settings ({@code pinwheel.alerts.*}).
 *
 * @param dispatchEnabled         whether this replica sends webhook deliveries (default true; one replica at a time does)
 * @param dedupWindow             a condition (kind + key) is sent to a webhook at most once in this window (default 6 h)
 * @param dispatchInterval        how often due deliveries are sent (default 5 s; one replica at a time)
 * @param maxAttempts             attempts per delivery before it is marked failed (default 6)
 * @param initialBackoff          wait before the first retry; doubles with each retry (default 30 s)
 * @param maxBackoff              longest wait between retries (default 1 h)
 * @param requestTimeout          time-out of one webhook request, connect included (default 10 s)
 * @param interceptionSpikeThreshold reports classified as possible interception, per app, that make a spike (default 10)
 * @param interceptionSpikeWindow the window those reports are counted in (default 15 min)
 * @param allowedNetworks         CIDR blocks a webhook may be sent to although they are not global
 *                                addresses (loopback, private, link-local, ...); none by default
 */
@Validated
@ConfigurationProperties("pinwheel.alerts")
public record AlertProperties(
        @DefaultValue("true") boolean dispatchEnabled,
        @NotNull @DefaultValue("6h") Duration dedupWindow,
        @NotNull @DefaultValue("5s") Duration dispatchInterval,
        @Min(1) @DefaultValue("6") int maxAttempts,
        @NotNull @DefaultValue("30s") Duration initialBackoff,
        @NotNull @DefaultValue("1h") Duration maxBackoff,
        @NotNull @DefaultValue("10s") Duration requestTimeout,
        @Min(1) @DefaultValue("10") int interceptionSpikeThreshold,
        @NotNull @DefaultValue("15m") Duration interceptionSpikeWindow,
        @NotNull @DefaultValue({}) List<String> allowedNetworks) {

    /** The wait before attempt {@code attempt + 1}, after {@code attempt} failed ones (≥ 1). */
    public Duration backoffAfter(int attempt) {
        Duration d = initialBackoff;
        for (int i = 1; i < attempt && d.compareTo(maxBackoff) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }
}
