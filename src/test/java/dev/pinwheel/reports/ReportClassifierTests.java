package dev.pinwheel.reports;

import static dev.pinwheel.reports.ReportClassification.PINNED_KEY_MISMATCH;
import static dev.pinwheel.reports.ReportClassification.POSSIBLE_INTERCEPTION;
import static dev.pinwheel.reports.ReportClassification.STALE_CLIENT;
import static dev.pinwheel.reports.ReportClassification.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReportClassifierTests {

    final List<PublishedPins> history = List.of(
            new PublishedPins(1, Set.of("old", "backup1")),
            new PublishedPins(2, Set.of("current", "backup1")),
            new PublishedPins(3, Set.of("current", "next")));

    @Test
    void aKeyNoBundleEverPinnedIsPossibleInterception() {
        assertThat(ReportClassifier.classify(List.of("mitm-leaf", "mitm-root"), 3L, history))
                .isEqualTo(POSSIBLE_INTERCEPTION);
        assertThat(ReportClassifier.classify(List.of("mitm-leaf"), null, history))
                .isEqualTo(POSSIBLE_INTERCEPTION);
    }

    @Test
    void aKeyOnlyANewerBundlePinsIsAStaleClient() {
        assertThat(ReportClassifier.classify(List.of("next"), 2L, history)).isEqualTo(STALE_CLIENT);
        assertThat(ReportClassifier.classify(List.of("current"), 1L, history)).isEqualTo(STALE_CLIENT);
    }

    @Test
    void aCaKeyInTheChainCountsLikeTheLeaf() {
        assertThat(ReportClassifier.classify(List.of("unknown-leaf", "next"), 2L, history))
                .isEqualTo(STALE_CLIENT);
    }

    @Test
    void aKeyTheClientsOwnOrOnlyOlderBundlesPinIsAPinnedKeyMismatch() {
        assertThat(ReportClassifier.classify(List.of("current"), 3L, history)).isEqualTo(PINNED_KEY_MISMATCH);
        assertThat(ReportClassifier.classify(List.of("old"), 3L, history)).isEqualTo(PINNED_KEY_MISMATCH);
    }

    @Test
    void withoutHistoryOrClientSeqItCannotTell() {
        assertThat(ReportClassifier.classify(List.of("current"), 3L, List.of())).isEqualTo(UNKNOWN);
        assertThat(ReportClassifier.classify(List.of("current"), null, history)).isEqualTo(UNKNOWN);
    }
}
