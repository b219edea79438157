package dev.pinwheel.reports;

import java.util.Collection;
import java.util.List;

/** Classifies a served chain against an app's bundle history (see {@link ReportClassification}). */
final class ReportClassifier {

    private ReportClassifier() {}

    /**
     * @param servedPins pins of the served chain (leaf first); never empty
     * @param clientSeq  the {@code bundle-seq} the client enforced; may be null
     * @param history    the pins of every published bundle of the app, any order; may be empty
     */
    static ReportClassification classify(List<String> servedPins, Long clientSeq, Collection<PublishedPins> history) {
        if (history.isEmpty()) {
            return ReportClassification.UNKNOWN;
        }
        List<PublishedPins> matching = history.stream()
                .filter(b -> servedPins.stream().anyMatch(b.pins()::contains))
                .toList();
        if (matching.isEmpty()) {
            return ReportClassification.POSSIBLE_INTERCEPTION;
        }
        if (clientSeq == null) {
            return ReportClassification.UNKNOWN;
        }
        boolean newer = matching.stream().anyMatch(b -> b.seq() > clientSeq);
        boolean own = matching.stream().anyMatch(b -> b.seq() == clientSeq);
        return newer && !own ? ReportClassification.STALE_CLIENT : ReportClassification.PINNED_KEY_MISMATCH;
    }
}
