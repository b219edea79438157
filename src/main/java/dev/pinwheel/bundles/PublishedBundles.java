package dev.pinwheel.bundles;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Read access to the newest bundle of each app, for the delivery cache. Every publish sends a
 * PostgreSQL {@code NOTIFY} on {@link #CHANNEL} with the app id as payload.
 */
@Service
public class PublishedBundles {

    /** The PostgreSQL notification channel of publishes. */
    public static final String CHANNEL = "pinwheel_bundle_published";

    private final BundleStore store;

    PublishedBundles(BundleStore store) {
        this.store = store;
    }

    /** The newest bundle of the app, or empty when nothing was published for it. */
    @Transactional(readOnly = true)
    public Optional<LatestBundle> latest(String appId) {
        return store.latest(appId).map(PublishedBundles::latest);
    }

    /** The newest bundle of every app that has one. */
    @Transactional(readOnly = true)
    public List<LatestBundle> latestOfEveryApp() {
        return store.latestOfEveryApp().stream().map(PublishedBundles::latest).toList();
    }

    /** The newest seq of every app that has a bundle (a cheap query for change detection). */
    @Transactional(readOnly = true)
    public Map<String, Long> latestSeqs() {
        return store.latestSeqs();
    }

    /**
     * The SHA-256 (lower-case hex, of the JWS bytes) of the app's newest {@code limit} bundles by
     * seq, for recognising the bundle a polling client holds. A cheap query (no payloads).
     */
    @Transactional(readOnly = true)
    public Map<Long, String> recentHashes(String appId, int limit) {
        return store.recentHashes(appId, limit);
    }

    private static LatestBundle latest(StoredBundle b) {
        return new LatestBundle(b.summary().appId(), b.summary().seq(), b.jws(), b.summary().sha256(),
                b.summary().issuedAt(), b.pollIntervalSeconds());
    }

    /**
     * The newest bundle of an app.
     *
     * @param jws    the compact JWS, exactly as it is served
     * @param sha256 lower-case hex SHA-256 of the JWS bytes
     */
    public record LatestBundle(String appId, long seq, String jws, String sha256, Instant issuedAt,
            long pollIntervalSeconds) {
    }
}
