package dev.pinwheel.reports;

import dev.pinwheel.bundles.BundleClaims;
import dev.pinwheel.bundles.BundleManagement;
import dev.pinwheel.bundles.BundleSummary;
import dev.pinwheel.bundles.DomainVersion;
import dev.pinwheel.bundles.PublishedBundles;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The pins of every bundle an app has published, read through the bundles module's public API.
 * Bundles that carry the same domain pin set versions carry the same pins, so only one payload
 * per distinct combination is read (re-signed bundles cost nothing). Cached per app until its
 * newest seq changes.
 */
@Component
class ReportedPinHistory implements PublishedPinHistory {

    private static final int PAGE = 200;

    private final BundleManagement bundles;
    private final PublishedBundles published;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    ReportedPinHistory(BundleManagement bundles, PublishedBundles published) {
        this.bundles = bundles;
        this.published = published;
    }

    private record Cached(long latestSeq, List<PublishedPins> history) {}

    @Override
    public List<PublishedPins> of(String appId) {
        Optional<Long> latest = published.latest(appId).map(PublishedBundles.LatestBundle::seq);
        if (latest.isEmpty()) {
            cache.remove(appId);
            return List.of();
        }
        Cached cached = cache.get(appId);
        if (cached != null && cached.latestSeq() == latest.get()) {
            return cached.history();
        }
        List<PublishedPins> history = load(appId);
        long newest = history.stream().mapToLong(PublishedPins::seq).max().orElse(latest.get());
        cache.put(appId, new Cached(newest, history));
        return history;
    }

    private List<PublishedPins> load(String appId) {
        Map<List<DomainVersion>, Set<String>> pinsByContent = new HashMap<>();
        List<PublishedPins> out = new ArrayList<>();
        Long before = null;
        while (true) {
            List<BundleSummary> page = bundles.history(appId, before, PAGE);
            for (BundleSummary summary : page) {
                Set<String> pins = pinsByContent.computeIfAbsent(summary.domains(), d -> pinsOf(appId, summary.seq()));
                out.add(new PublishedPins(summary.seq(), pins));
            }
            if (page.size() < PAGE) {
                return List.copyOf(out);
            }
            before = page.get(page.size() - 1).seq();
        }
    }

    private Set<String> pinsOf(String appId, long seq) {
        Set<String> pins = new LinkedHashSet<>();
        for (BundleClaims.Domain domain :
                BundleClaims.fromPayload(bundles.bundle(appId, seq).payload()).domains()) {
            domain.pins().forEach(p -> pins.add(p.hash().base64()));
        }
        return Set.copyOf(pins);
    }
}
