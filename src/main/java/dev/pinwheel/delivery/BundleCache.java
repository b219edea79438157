package dev.pinwheel.delivery;

import dev.pinwheel.bundles.BundlePublished;
import dev.pinwheel.bundles.BundleWithdrawn;
import dev.pinwheel.bundles.PublishedBundles;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The newest bundle of every app, in memory. Loaded completely before the service takes requests,
 * so a restarted instance serves the same bundle (same ETag) as before. Kept current by
 * {@link BundleSync}, which reloads the apps other replicas publish ({@link #refresh}) and compares
 * the whole cache with the database ({@link #refreshAll}). Publishes on this instance are put in as
 * soon as they commit. A deleted app's bundle is dropped the same ways (notification, comparison, or
 * at once on this instance), so clients get 404 for it.
 * Serving never touches the database.
 *
 * <p>It also tells the {@link AdoptionCounter} the ETags of each app's recent bundles (the newest
 * {@link AdoptionCounter#MAX_KNOWN_BUNDLES} from the history at start, then every bundle it puts in;
 * when seqs were skipped, the next {@link #refreshAll} reads the recent ETags again), so that a poll's
 * {@code If-None-Match} can be told apart by the bundle it names.
 */
@Component
public class BundleCache implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(BundleCache.class);

    private final PublishedBundles published;
    private final AdoptionCounter adoption;
    private final Map<String, ServedBundle> bundles = new ConcurrentHashMap<>();
    private final Set<String> etagsToReload = ConcurrentHashMap.newKeySet();

    BundleCache(PublishedBundles published, AdoptionCounter adoption) {
        this.published = published;
        this.adoption = adoption;
    }

    /** A publish on this instance is served by it as soon as it is committed. */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void onPublished(BundlePublished event) {
        put(ServedBundle.of(event.served()));
    }

    /** A deleted app's bundle is no longer served by this instance as soon as the deletion commits. */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void onWithdrawn(BundleWithdrawn event) {
        bundles.remove(event.appId());
    }

    /** The bundle to serve for the app, or empty when it has none. No database access. */
    public Optional<ServedBundle> get(String appId) {
        return Optional.ofNullable(bundles.get(appId));
    }

    /** {@link #get} without the {@code Optional}, for the hot path: null when the app has no bundle. */
    public ServedBundle served(String appId) {
        return bundles.get(appId);
    }

    @Override
    public void afterSingletonsInstantiated() {
        for (PublishedBundles.LatestBundle b : published.latestOfEveryApp()) {
            bundles.put(b.appId(), ServedBundle.of(b));
        }
        // the recent ETags of every app in one query, not one per app (10,000 apps: 10,000 queries)
        published.recentHashesOfEveryApp(AdoptionCounter.MAX_KNOWN_BUNDLES).forEach((appId, hashes) -> {
            if (bundles.containsKey(appId)) {
                know(appId, hashes);
            }
        });
        log.info("Bundle cache loaded with {} app(s)", bundles.size());
    }

    /**
     * Compares every app's newest seq with the cache and loads what changed; rechecks (and so
     * drops, when deleted) every cached app the database no longer serves.
     */
    public void refreshAll() {
        for (String appId : List.copyOf(etagsToReload)) {
            etagsToReload.remove(appId);
            learnRecentEtags(appId);
        }
        Map<String, Long> seqs = published.latestSeqs();
        seqs.forEach((appId, seq) -> {
            ServedBundle cached = bundles.get(appId);
            if (cached == null || cached.seq() < seq) {
                refresh(appId);
            }
        });
        for (String cachedApp : List.copyOf(bundles.keySet())) {
            if (!seqs.containsKey(cachedApp)) {
                refresh(cachedApp);
            }
        }
    }

    /**
     * Loads the app's newest bundle from the database (never replaces a newer one), or drops the
     * app when the database serves nothing for it any more (the app was deleted).
     */
    public void refresh(String appId) {
        Optional<PublishedBundles.LatestBundle> latest = published.latest(appId);
        if (latest.isPresent()) {
            put(ServedBundle.of(latest.get()));
        } else {
            bundles.remove(appId);
        }
    }

    private void put(ServedBundle bundle) {
        bundles.merge(bundle.appId(), bundle, (old, fresh) -> fresh.seq() > old.seq() ? fresh : old);
        AdoptionCounter.AppPolls polls = adoption.forApp(bundle.appId());
        long known = polls.newestKnownSeq();
        polls.know(Map.of(bundle.etag(), bundle.seq()));
        if (known > 0 && bundle.seq() > known + 1) {
            etagsToReload.add(bundle.appId()); // bundles in between: the next refreshAll reads them
        }
    }

    /** Reads the ETags of the app's recent bundles from the history (never on a request). */
    private void learnRecentEtags(String appId) {
        know(appId, published.recentHashes(appId, AdoptionCounter.MAX_KNOWN_BUNDLES));
    }

    private void know(String appId, Map<Long, String> sha256BySeq) {
        Map<String, Long> seqByEtag = new HashMap<>();
        sha256BySeq.forEach((seq, sha256) -> seqByEtag.put(ServedBundle.etagOf(sha256), seq));
        adoption.forApp(appId).know(seqByEtag);
    }
}
