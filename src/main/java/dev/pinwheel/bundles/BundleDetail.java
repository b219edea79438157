package dev.pinwheel.bundles;

import java.util.Map;

/** One stored bundle with its decoded header and payload and the exact compact JWS that is served. */
public record BundleDetail(
        BundleSummary summary, Map<String, Object> header, Map<String, Object> payload, String jws) {}
