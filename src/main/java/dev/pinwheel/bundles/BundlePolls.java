package dev.pinwheel.bundles;

import java.time.Instant;
import java.util.Map;

/**
 * The polls the client bundle endpoint counted, by the bundle each polling client said it held
 * (its {@code If-None-Match}), added up over every replica. Defined here and implemented by the
 * delivery module (which counts them), so that bundles — and through it rotation safety — can use
 * the figures while the dependency stays delivery → bundles.
 */
public interface BundlePolls {

    /**
     * The app's polls counted in {@code [from, to)} (by the time they were written, to the
     * granularity of the counting period), over every replica.
     */
    Held polls(String appId, Instant from, Instant to);

    /**
     * Polls by what the client held.
     *
     * @param bySeq    polls from clients holding the bundle with that seq
     * @param noBundle polls without {@code If-None-Match} (a client with no bundle fetched yet)
     * @param unknown  polls naming an ETag that is none of the app's recent bundles
     */
    record Held(Map<Long, Long> bySeq, long noBundle, long unknown) {

        public static final Held NONE = new Held(Map.of(), 0, 0);

        public Held {
            bySeq = Map.copyOf(bySeq);
        }

        public long total() {
            return bySeq.values().stream().mapToLong(Long::longValue).sum() + noBundle + unknown;
        }
    }
}
