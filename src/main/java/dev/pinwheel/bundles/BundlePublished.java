package dev.pinwheel.bundles;

import dev.pinwheel.core.AuditableEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bundle was stored and is now the newest of its app: published by an operator, republished
 * from an old bundle, or re-signed by the system ({@link BundleKind}).
 *
 * @param findings the findings of the checks (non-empty only for forced publishes or warnings)
 * @param served   the bundle as clients get it (not part of the audit summary)
 */
public record BundlePublished(BundleSummary bundle, List<Finding> findings, PublishedBundles.LatestBundle served)
        implements AuditableEvent {

    @Override
    public String action() {
        return switch (bundle.kind()) {
            case PUBLISH -> "bundle.published";
            case REPUBLISH -> "bundle.republished";
            case RESIGN -> "bundle.resigned";
        };
    }

    @Override
    public String target() {
        return "app:" + bundle.appId();
    }

    @Override
    public Map<String, Object> summary() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("seq", bundle.seq());
        s.put("kid", bundle.kid());
        s.put("sha256", bundle.sha256());
        s.put("exp", bundle.expiresAt().toString());
        Map<String, Integer> domains = new LinkedHashMap<>();
        bundle.domains().forEach(d -> domains.put(d.host(), d.pinSetVersion()));
        s.put("domains", domains);
        if (bundle.republishedFromSeq() != null) {
            s.put("republishedFromSeq", bundle.republishedFromSeq());
        }
        if (bundle.comment() != null) {
            s.put("comment", bundle.comment());
        }
        if (bundle.forceReason() != null) {
            s.put("forced", true);
            s.put("forceReason", bundle.forceReason());
        }
        if (!findings.isEmpty()) {
            s.put(
                    "findings",
                    findings.stream()
                            .map(f -> f.code() + (f.domain() == null ? "" : ":" + f.domain()))
                            .toList());
        }
        return s;
    }
}
