package dev.pinwheel.watch;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Watch and autopilot settings ({@code pinwheel.watch.*}).
 *
 * @param enabled                  whether the watch probes and the autopilot runs on this replica (default true)
 * @param interval                 how often every host with a live check is probed (default 5 min; once across replicas)
 * @param autopilotInterval        how often the autopilot looks at its rotations (default 1 min; once across replicas)
 * @param certificateExpiryWarning a served certificate expiring within this, with no open rotation, is a finding (default 21 days)
 * @param rotationStalledAfter     a rotation staged or promoted this long ago without a next step is a finding (default 7 days)
 * @param bundleExpiryWarning      an app's newest bundle expiring within this is a finding (default 3 days)
 * @param historyRetention         observations older than this are deleted (default 90 days)
 */
@Validated
@ConfigurationProperties("pinwheel.watch")
public record WatchProperties(
        @DefaultValue("true") boolean enabled,
        @NotNull @DefaultValue("5m") Duration interval,
        @NotNull @DefaultValue("1m") Duration autopilotInterval,
        @NotNull @DefaultValue("21d") Duration certificateExpiryWarning,
        @NotNull @DefaultValue("7d") Duration rotationStalledAfter,
        @NotNull @DefaultValue("3d") Duration bundleExpiryWarning,
        @NotNull @DefaultValue("90d") Duration historyRetention) {}
