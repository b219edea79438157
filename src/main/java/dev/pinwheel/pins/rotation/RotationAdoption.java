package dev.pinwheel.pins.rotation;

import java.time.Instant;

/**
 * One app's adoption of a rotation's new key as the API shows it (rotation view, promote refusal).
 *
 * @param polls           polls of the app's bundle endpoint in {@code [windowStart, windowEnd)}, all replicas
 * @param pinningPolls    those from clients whose held bundle pins the new key
 * @param percent         {@code pinningPolls} as a share of {@code polls}, in percent, one decimal
 * @param requiredPercent the app's threshold ({@code promoteAdoptionPercent})
 * @param minPolls        below this many polls the figure is not used
 * @param status          {@code met}, {@code below-threshold} (promote waits) or {@code too-few-polls}
 *                        (only the time rule applies)
 */
public record RotationAdoption(
        String appId,
        Instant windowStart,
        Instant windowEnd,
        long polls,
        long pinningPolls,
        double percent,
        int requiredPercent,
        long minPolls,
        String status) {

    static RotationAdoption of(RotationSafety.AppAdoption a) {
        return new RotationAdoption(
                a.appId(),
                a.windowStart(),
                a.windowEnd(),
                a.polls(),
                a.pinningPolls(),
                Math.floor(a.percent() * 10) / 10,
                a.requiredPercent(),
                a.minPolls(),
                a.status().wireName());
    }
}
