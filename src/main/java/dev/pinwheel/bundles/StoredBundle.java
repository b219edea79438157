package dev.pinwheel.bundles;

/** A stored bundle with its compact JWS. */
record StoredBundle(BundleSummary summary, String jws, long pollIntervalSeconds) {}
