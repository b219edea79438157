package dev.pinwheel.bundles;

import dev.pinwheel.pins.PinHash;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Read access to the newest bundle of each app, for the delivery cache. Every publish, and every
 * deletion of an app (its bundle must stop being served), sends a PostgreSQL {@code NOTIFY} on
 * {@link #CHANNEL} with the app id as payload.
 */
@Service
public class PublishedBundles {

    /** The PostgreSQL notification channel of publishes. */
    public static final String CHANNEL = "pinwheel_bundle_published";

    private final BundleStore store;
    private final BundlePinHistory pinHistory;
    private final NewestBundles newest;

    PublishedBundles(BundleStore store, BundlePinHistory pinHistory, NewestBundles newest) {
        this.store = store;
        this.pinHistory = pinHistory;
        this.newest = newest;
    }

    /**
     * What the app's newest bundle says about the host.
     *
     * @param pinSetVersion the host's pin set version in that bundle; null when the bundle does not carry the host
     * @param pins          the pins of the host in that bundle (empty when it does not carry the host)
     */
    public record DomainEntry(String appId, long seq, Integer pinSetVersion, Set<PinHash> pins) {}

    /** The app's newest bundle's entry for the host; empty when the app has no bundle. */
    @Transactional(readOnly = true)
    public Optional<DomainEntry> newestEntry(String appId, String host) {
        return pinHistory
                .latest(appId)
                .map(b -> b.domain(host)
                        .map(d -> new DomainEntry(
                                appId,
                                b.seq(),
                                d.pinSetVersion(),
                                d.pins().stream().map(p -> p.hash()).collect(Collectors.toUnmodifiableSet())))
                        .orElse(new DomainEntry(appId, b.seq(), null, Set.of())));
    }

    /**
     * Every domain entry of the app's newest bundle, by host (one parse of the bundle); empty when
     * the app has no bundle. A host the bundle does not carry is absent.
     */
    @Transactional(readOnly = true)
    public Optional<Map<String, DomainEntry>> newestEntries(String appId) {
        return pinHistory.latest(appId).map(b -> {
            Map<String, DomainEntry> out = new java.util.HashMap<>();
            b.domains()
                    .forEach((host, d) -> out.put(
                            host,
                            new DomainEntry(
                                    appId,
                                    b.seq(),
                                    d.pinSetVersion(),
                                    d.pins().stream().map(p -> p.hash()).collect(Collectors.toUnmodifiableSet()))));
            return out;
        });
    }

    /** When the newest bundle of an app expires. */
    public record Expiry(String appId, long seq, Instant expiresAt) {}

    /** The expiry of every app's newest bundle (one query). */
    @Transactional(readOnly = true)
    public List<Expiry> newestExpiries() {
        return newest.expiries().stream()
                .map(e -> new Expiry(e.appId(), e.seq(), e.expiresAt()))
                .toList();
    }

    /**
     * The newest bundle of the app, or empty when nothing was published for it or the app was
     * deleted (a deleted app's bundles are kept as history but never served).
     */
    @Transactional(readOnly = true)
    public Optional<LatestBundle> latest(String appId) {
        return store.servableLatest(appId).map(PublishedBundles::latest);
    }

    /** The newest bundle of every existing app that has one. */
    @Transactional(readOnly = true)
    public List<LatestBundle> latestOfEveryApp() {
        return store.servableLatestOfEveryApp().stream()
                .map(PublishedBundles::latest)
                .toList();
    }

    /** The newest seq of every existing app that has a bundle (a cheap query for change detection). */
    @Transactional(readOnly = true)
    public Map<String, Long> latestSeqs() {
        return store.servableLatestSeqs();
    }

    /**
     * The SHA-256 (lower-case hex, of the JWS bytes) of the app's newest {@code limit} bundles by
     * seq, for recognising the bundle a polling client holds. A cheap query (no payloads).
     */
    @Transactional(readOnly = true)
    public Map<Long, String> recentHashes(String appId, int limit) {
        return store.recentHashes(appId, limit);
    }

    /** {@link #recentHashes} of every app, in one query (for loading a cache at start-up). */
    @Transactional(readOnly = true)
    public Map<String, Map<Long, String>> recentHashesOfEveryApp(int limit) {
        return store.recentHashesOfEveryApp(limit);
    }

    private static LatestBundle latest(StoredBundle b) {
        return new LatestBundle(
                b.summary().appId(),
                b.summary().seq(),
                b.jws(),
                b.summary().sha256(),
                b.summary().issuedAt(),
                b.pollIntervalSeconds());
    }

    /**
     * The newest bundle of an app.
     *
     * @param jws    the compact JWS, exactly as it is served
     * @param sha256 lower-case hex SHA-256 of the JWS bytes
     */
    public record LatestBundle(
            String appId, long seq, String jws, String sha256, Instant issuedAt, long pollIntervalSeconds) {}
}
