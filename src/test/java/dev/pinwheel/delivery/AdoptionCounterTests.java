package dev.pinwheel.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AdoptionCounterTests {

    static final String E1 = "\"" + "1".repeat(64) + "\"";
    static final String E2 = "\"" + "2".repeat(64) + "\"";

    final AdoptionCounter counter = new AdoptionCounter();

    @Test
    void countsPollsByHeldBundleWithoutBundleAndWithUnknownEtag() {
        AdoptionCounter.AppPolls app = counter.forApp("banking");
        app.know(Map.of(E1, 1L, E2, 2L));
        app.count(E2);
        app.count(E2);
        app.count(E1);
        app.count(null);
        app.count("\"deadbeef\"");
        app.count("*");
        assertThat(drained())
                .containsExactlyInAnyOrderEntriesOf(Map.of("seq:2", 2L, "seq:1", 1L, "none:0", 1L, "unknown:0", 2L));
        assertThat(counter.drain())
                .as("a drain starts the counts again at zero")
                .isEmpty();
    }

    @Test
    void understandsWeakTagsListsAndSpacesTheFirstKnownTagCounts() {
        AdoptionCounter.AppPolls app = counter.forApp("banking");
        app.know(Map.of(E1, 1L, E2, 2L));
        app.count("W/" + E1);
        app.count("\"x\", " + E2 + ", " + E1);
        app.count(" " + E1 + " ");
        assertThat(drained()).containsExactlyInAnyOrderEntriesOf(Map.of("seq:1", 2L, "seq:2", 1L));
    }

    @Test
    void keepsOnlyTheNewestBundlesAndNeverLosesCountsAcrossAPublish() {
        AdoptionCounter.AppPolls app = counter.forApp("banking");
        Map<String, Long> many = new HashMap<>();
        for (long seq = 1; seq <= AdoptionCounter.MAX_KNOWN_BUNDLES + 5; seq++) {
            many.put(etag(seq), seq);
        }
        app.count(null);
        app.know(Map.of(etag(1), 1L));
        app.count(etag(1));
        app.know(many); // seq 1 to 5 are forgotten; the count of seq 1 made before stays
        app.count(etag(1));
        app.count(etag(6));
        app.count(etag(AdoptionCounter.MAX_KNOWN_BUNDLES + 5));
        assertThat(app.newestKnownSeq()).isEqualTo(AdoptionCounter.MAX_KNOWN_BUNDLES + 5);
        assertThat(drained())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "none:0",
                        1L,
                        "seq:1",
                        1L,
                        "unknown:0",
                        1L,
                        "seq:6",
                        1L,
                        "seq:" + (AdoptionCounter.MAX_KNOWN_BUNDLES + 5),
                        1L));
    }

    @Test
    void restoredCountsAreDrainedAgain() {
        AdoptionCounter.AppPolls app = counter.forApp("banking");
        app.know(Map.of(E1, 1L));
        app.count(E1);
        app.count(null);
        List<AdoptionCounter.Count> failedFlush = counter.drain();
        counter.restore(failedFlush);
        app.count(E1);
        assertThat(drained()).containsExactlyInAnyOrderEntriesOf(Map.of("seq:1", 2L, "none:0", 1L));
    }

    @Test
    void concurrentPollsAndPublishesLoseNoCount() throws Exception {
        AdoptionCounter.AppPolls app = counter.forApp("banking");
        app.know(Map.of(E1, 1L));
        int threads = 4;
        int polls = 50_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        long[] total = new long[1];
        for (int t = 0; t < threads; t++) {
            pool.submit(() -> {
                start.await();
                for (int i = 0; i < polls; i++) {
                    app.count(i % 2 == 0 ? E1 : null);
                }
                return null;
            });
        }
        start.countDown();
        for (long seq = 2; seq < 200; seq++) { // publishes and drains while clients poll
            app.know(Map.of(etag(seq), seq));
            total[0] += counter.drain().stream()
                    .mapToLong(AdoptionCounter.Count::polls)
                    .sum();
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        total[0] +=
                counter.drain().stream().mapToLong(AdoptionCounter.Count::polls).sum();
        assertThat(total[0]).isEqualTo((long) threads * polls);
    }

    private Map<String, Long> drained() {
        Map<String, Long> out = new HashMap<>();
        for (AdoptionCounter.Count c : counter.drain()) {
            out.merge(c.held().wireName() + ":" + c.seq(), c.polls(), Long::sum);
        }
        return out;
    }

    private static String etag(long seq) {
        return "\"" + String.format("%064x", seq) + "\"";
    }
}
