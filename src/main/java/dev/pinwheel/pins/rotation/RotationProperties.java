package dev.pinwheel.pins.rotation;

import jakarta.validation.constraints.PositiveOrZero;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Rotation settings ({@code pinwheel.rotation.*}).
 *
 * @param coolDown how long after promote the old key stays pinned at least (finish is refused
 *                 before, and publish lint flags a primary dropped sooner); null means the poll
 *                 interval of the apps carrying the domain
 * @param adoptionWindow how far back promote looks at an app's polls for adoption evidence; never
 *                 shorter than the app's poll interval (null: the poll interval)
 * @param adoptionMinPolls below this many polls in the window an app's adoption figure is shown
 *                 but not used, and only the time rule applies to it
 */
@Validated
@ConfigurationProperties("pinwheel.rotation")
public record RotationProperties(
        Duration coolDown,
        Duration adoptionWindow,
        @DefaultValue("100") @PositiveOrZero long adoptionMinPolls) {

    /** The adoption window of an app with the given poll interval: at least one poll interval. */
    public Duration adoptionWindowFor(Duration pollInterval) {
        return adoptionWindow != null && adoptionWindow.compareTo(pollInterval) > 0 ? adoptionWindow : pollInterval;
    }

    /** The cool-down, given the domain's poll interval for the default. */
    public Duration coolDownFor(Duration pollInterval) {
        return coolDown != null ? coolDown : pollInterval;
    }
}
