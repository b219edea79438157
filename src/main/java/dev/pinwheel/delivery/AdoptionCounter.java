package dev.pinwheel.delivery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.stereotype.Component;

/**
 * Counts, in memory, the polls of every app's bundle endpoint by the bundle the polling client
 * holds: its {@code If-None-Match} names the ETag of the bundle it fetched last. Built for the hot
 * path: a poll is one map lookup by app (done once per request together with the served bundle),
 * one string comparison with the newest ETag (the common case) or one hash lookup among the app's
 * recent ETags, and one {@link LongAdder} increment; no lock, no database, no allocation on the
 * common path. {@link AdoptionStore} drains the counts to PostgreSQL every
 * {@code pinwheel.delivery.adoption-flush-interval}.
 *
 * <p>Each app keeps at most {@link #MAX_KNOWN_BUNDLES} recent bundles' ETags (loaded from the
 * bundle history, then added as bundles are published). A poll naming any other ETag is counted as
 * "unknown"; a poll without {@code If-None-Match} as "no bundle yet".
 */
@Component
public final class AdoptionCounter {

    /** How many of an app's newest bundles are recognised by their ETag. */
    public static final int MAX_KNOWN_BUNDLES = 100;

    private final ConcurrentMap<String, AppPolls> apps = new ConcurrentHashMap<>();

    /** The counters of an app (created on first use). */
    public AppPolls forApp(String appId) {
        AppPolls p = apps.get(appId);
        return p != null ? p : apps.computeIfAbsent(appId, AppPolls::new);
    }

    /** The apps counted so far. */
    Set<String> appIds() {
        return apps.keySet();
    }

    /** Takes every count gathered since the last drain (the counters start again at zero). */
    List<Count> drain() {
        List<Count> out = new ArrayList<>();
        for (AppPolls p : apps.values()) {
            p.drainInto(out);
        }
        return out;
    }

    /** Puts counts back (a flush that failed), so that they are written with the next one. */
    void restore(List<Count> counts) {
        for (Count c : counts) {
            AppPolls p = forApp(c.appId());
            switch (c.held()) {
                case NONE -> p.none.add(c.polls());
                case UNKNOWN -> p.unknown.add(c.polls());
                case SEQ -> p.heldCounter(c.seq()).add(c.polls());
            }
        }
    }

    /** What the polling client held. */
    public enum Held {
        SEQ("seq"),
        NONE("none"),
        UNKNOWN("unknown");

        private final String wireName;

        Held(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /** Polls of one app that held {@code held} (and for {@link Held#SEQ}, bundle {@code seq}; 0 otherwise). */
    record Count(String appId, Held held, long seq, long polls) {}

    /**
     * The poll counters of one app. The ETag → seq table is an immutable snapshot replaced as a
     * whole (copy on write) when a bundle is published; the counters themselves live on.
     */
    public static final class AppPolls {

        private final String appId;
        private final LongAdder none = new LongAdder();
        private final LongAdder unknown = new LongAdder();
        private volatile Known known = Known.EMPTY;
        /*
         * Counters of bundles no longer known. A poll may still add to one through the snapshot it
         * read just before, so each is drained by the next two drains before it is let go (guarded by
         * this; the poll path never reads these).
         */
        private Map<Long, LongAdder> retiredSinceDrain = new HashMap<>();
        private Map<Long, LongAdder> retiredBeforeDrain = new HashMap<>();

        AppPolls(String appId) {
            this.appId = appId;
        }

        /**
         * Counts one poll. {@code ifNoneMatch} is the raw header value (null when absent); a list
         * or weak tags are understood, the first known tag counts.
         */
        public void count(String ifNoneMatch) {
            if (ifNoneMatch == null) {
                none.increment();
                return;
            }
            Known k = known;
            if (k.newestEtag != null && k.newestEtag.equals(ifNoneMatch)) {
                k.newest.increment();
                return;
            }
            LongAdder held = k.byEtag.get(ifNoneMatch);
            if (held == null
                    && (ifNoneMatch.indexOf(',') >= 0
                            || ifNoneMatch.startsWith("W/")
                            || ifNoneMatch.startsWith(" ")
                            || ifNoneMatch.endsWith(" "))) {
                held = k.find(ifNoneMatch);
            }
            (held != null ? held : unknown).increment();
        }

        /**
         * Adds bundles the clients may hold, by ETag (quoted, as served). Keeps the
         * {@link #MAX_KNOWN_BUNDLES} newest.
         */
        synchronized void know(Map<String, Long> seqByEtag) {
            Known k = known;
            Map<String, Long> seqs = new HashMap<>(k.seqByEtag);
            seqs.putAll(seqByEtag);
            if (seqs.size() > MAX_KNOWN_BUNDLES) {
                List<Map.Entry<String, Long>> byAge = new ArrayList<>(seqs.entrySet());
                byAge.sort(Map.Entry.comparingByValue());
                for (Map.Entry<String, Long> old : byAge.subList(0, byAge.size() - MAX_KNOWN_BUNDLES)) {
                    seqs.remove(old.getKey());
                }
            }
            // counters of forgotten bundles retire: the next drains still take what they hold
            Map<Long, LongAdder> counters = new HashMap<>();
            k.counterBySeq.forEach((seq, c) -> {
                if (seqs.containsValue(seq)) {
                    counters.put(seq, c);
                } else {
                    retiredSinceDrain.put(seq, c);
                }
            });
            known = new Known(seqs, counters);
        }

        /** The highest seq known, or 0. */
        long newestKnownSeq() {
            return known.newestSeq;
        }

        private synchronized LongAdder heldCounter(long seq) {
            Known k = known;
            LongAdder c = k.counterBySeq.get(seq);
            if (c == null) {
                Map<Long, LongAdder> counters = new HashMap<>(k.counterBySeq);
                c = new LongAdder();
                counters.put(seq, c);
                known = new Known(k.seqByEtag, counters);
            }
            return c;
        }

        private synchronized void drainInto(List<Count> out) {
            long n = none.sumThenReset();
            if (n > 0) {
                out.add(new Count(appId, Held.NONE, 0, n));
            }
            long u = unknown.sumThenReset();
            if (u > 0) {
                out.add(new Count(appId, Held.UNKNOWN, 0, u));
            }
            Map<Long, Long> bySeq = new HashMap<>();
            drainCounters(known.counterBySeq, bySeq);
            drainCounters(retiredSinceDrain, bySeq);
            drainCounters(retiredBeforeDrain, bySeq);
            bySeq.forEach((seq, polls) -> out.add(new Count(appId, Held.SEQ, seq, polls)));
            retiredBeforeDrain = retiredSinceDrain;
            retiredSinceDrain = new HashMap<>();
        }

        private static void drainCounters(Map<Long, LongAdder> counters, Map<Long, Long> into) {
            counters.forEach((seq, c) -> {
                long polls = c.sumThenReset();
                if (polls > 0) {
                    into.merge(seq, polls, Long::sum);
                }
            });
        }
    }

    /** An immutable snapshot: ETag → counter of the seq, and the newest bundle's ETag for the fast path. */
    private static final class Known {

        static final Known EMPTY = new Known(Map.of(), Map.of());

        final Map<String, Long> seqByEtag;
        final Map<Long, LongAdder> counterBySeq;
        final Map<String, LongAdder> byEtag;
        final String newestEtag;
        final LongAdder newest;
        final long newestSeq;

        /** {@code counters} may be added to (a counter for every known seq is made); it is not shared. */
        Known(Map<String, Long> seqByEtag, Map<Long, LongAdder> counters) {
            Map<String, LongAdder> byEtag = new HashMap<>();
            String newestEtag = null;
            long newestSeq = 0;
            Map<Long, LongAdder> all = new HashMap<>(counters);
            for (Map.Entry<String, Long> e : seqByEtag.entrySet()) {
                LongAdder c = all.computeIfAbsent(e.getValue(), s -> new LongAdder());
                byEtag.put(e.getKey(), c);
                if (e.getValue() > newestSeq) {
                    newestSeq = e.getValue();
                    newestEtag = e.getKey();
                }
            }
            this.seqByEtag = Map.copyOf(seqByEtag);
            this.counterBySeq = Map.copyOf(all);
            this.byEtag = Map.copyOf(byEtag);
            this.newestEtag = newestEtag;
            this.newest = newestEtag == null ? null : byEtag.get(newestEtag);
            this.newestSeq = newestSeq;
        }

        /** The slow path: a list of tags, weak tags, surrounding spaces. */
        LongAdder find(String ifNoneMatch) {
            for (String tag : ifNoneMatch.split(",")) {
                String t = tag.trim();
                if (t.startsWith("W/")) {
                    t = t.substring(2);
                }
                LongAdder c = byEtag.get(t);
                if (c != null) {
                    return c;
                }
            }
            return null;
        }
    }
}
