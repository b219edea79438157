package dev.pinwheel.bundles;

import dev.pinwheel.pins.HostName;
import dev.pinwheel.pins.PinCatalog;
import dev.pinwheel.pins.PinHash;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Adoption of an app's bundles: of the polls its clients made in a time window, the share by the
 * bundle they held, and the share whose held bundle pins a given key for a given domain (what a
 * rotation's promote waits for). Polls come from {@link BundlePolls}; which bundle pins what comes
 * from the signed payloads of the bundle history (exactly what the clients received). Polls without
 * a bundle, with an unknown ETag, or holding a bundle older than the history read count as not
 * pinning anything.
 */
@Service
public class BundleAdoption {

    private final ObjectProvider<BundlePolls> polls;
    private final BundlePinHistory history;
    private final PinCatalog catalog;
    private final BundleProperties properties;
    private final Clock clock;

    BundleAdoption(
            ObjectProvider<BundlePolls> polls,
            BundlePinHistory history,
            PinCatalog catalog,
            BundleProperties properties,
            Clock clock) {
        this.polls = polls;
        this.history = history;
        this.catalog = catalog;
        this.properties = properties;
        this.clock = clock;
    }

    /** The app's poll interval (its override or the default). */
    public Duration pollInterval(String appId) {
        return AppTimings.pollInterval(catalog.app(appId), properties);
    }

    /** Now, from the service clock. */
    public Instant now() {
        return clock.instant();
    }

    /** Polls by held bundle in {@code [from, to)}, newest seq first. */
    @Transactional(readOnly = true)
    public Shares shares(String appId, Instant from, Instant to) {
        BundlePolls.Held held = held(appId, from, to);
        long total = held.total();
        List<SeqShare> bySeq = held.bySeq().entrySet().stream()
                .sorted(Map.Entry.<Long, Long>comparingByKey(Comparator.reverseOrder()))
                .map(e -> new SeqShare(e.getKey(), e.getValue(), percent(e.getValue(), total)))
                .toList();
        Long newest = history.latest(appId).map(BundlePinHistory.Published::seq).orElse(null);
        long onNewest = newest == null ? 0 : held.bySeq().getOrDefault(newest, 0L);
        return new Shares(
                appId,
                from,
                to,
                total,
                newest,
                onNewest,
                percent(onNewest, total),
                bySeq,
                held.noBundle(),
                percent(held.noBundle(), total),
                held.unknown(),
                percent(held.unknown(), total));
    }

    /** Of the app's polls in {@code [from, to)}, those from clients whose held bundle pins the key for the host. */
    @Transactional(readOnly = true)
    public KeyShare keyShare(String appId, HostName host, PinHash pin, Instant from, Instant to) {
        return keyShare(appId, history.history(appId), host, pin, from, to);
    }

    /** {@link #keyShare(String, HostName, PinHash, Instant, Instant)} with the app's history already read. */
    KeyShare keyShare(
            String appId,
            List<BundlePinHistory.Published> bundles,
            HostName host,
            PinHash pin,
            Instant from,
            Instant to) {
        BundlePolls.Held held = held(appId, from, to);
        long total = held.total();
        long pinning = 0;
        List<Long> pinningSeqs = new ArrayList<>();
        for (BundlePinHistory.Published b : bundles) {
            if (b.pins(host.value(), pin)) {
                pinningSeqs.add(b.seq());
                pinning += held.bySeq().getOrDefault(b.seq(), 0L);
            }
        }
        return new KeyShare(host, pin, total, pinning, percent(pinning, total), pinningSeqs);
    }

    private BundlePolls.Held held(String appId, Instant from, Instant to) {
        return Optional.ofNullable(polls.getIfAvailable())
                .map(p -> p.polls(appId, from, to))
                .orElse(BundlePolls.Held.NONE);
    }

    /** Percent with one decimal, rounded down (so 94.96 % never shows as 95.0 %); 0 when there is nothing. */
    static double percent(long part, long total) {
        return total == 0 ? 0 : Math.floor(1000.0 * part / total) / 10;
    }

    /**
     * The app's polls in a window by held bundle.
     *
     * @param newestSeq the app's newest bundle; null when it has none
     */
    public record Shares(
            String appId,
            Instant from,
            Instant to,
            long polls,
            Long newestSeq,
            long onNewestPolls,
            double onNewestPercent,
            List<SeqShare> bySeq,
            long noBundlePolls,
            double noBundlePercent,
            long unknownEtagPolls,
            double unknownEtagPercent) {}

    /** Polls from clients holding one bundle. */
    public record SeqShare(long seq, long polls, double percent) {}

    /**
     * Polls from clients whose bundle pins a key for a domain.
     *
     * @param pinningSeqs the app's bundles (of the history read) that pin the key for the host, newest first
     */
    public record KeyShare(
            HostName host, PinHash pin, long polls, long pinningPolls, double percent, List<Long> pinningSeqs) {}
}
