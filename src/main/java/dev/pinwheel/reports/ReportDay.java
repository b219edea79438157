package dev.pinwheel.reports;

import java.time.LocalDate;
import java.util.Map;

/**
 * The pin-failure reports of an app that arrived on one UTC day, by what they most likely mean
 * (classified as {@link ReportOverview} classifies them: against the app's whole bundle history, at
 * read time).
 *
 * @param byClassification every classification with its count (zeros included), most alarming first
 */
public record ReportDay(LocalDate day, Map<ReportClassification, Long> byClassification) {

    public long total() {
        return byClassification.values().stream().mapToLong(Long::longValue).sum();
    }
}
