package dev.pinwheel.pins.rotation;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Rotation settings ({@code pinwheel.rotation.*}).
 *
 * @param coolDown how long after promote the old key stays pinned at least (finish is refused
 *                 before, and publish lint flags a primary dropped sooner); null means the poll
 *                 interval of the apps carrying the domain
 */
@Validated
@ConfigurationProperties("pinwheel.rotation")
public record RotationProperties(Duration coolDown) {

    /** The cool-down, given the domain's poll interval for the default. */
    public Duration coolDownFor(Duration pollInterval) {
        return coolDown != null ? coolDown : pollInterval;
    }
}
