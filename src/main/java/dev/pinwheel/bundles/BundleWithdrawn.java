package dev.pinwheel.bundles;

/**
 * The app's bundle must no longer be served: the app was deleted. Its bundles stay in the
 * history; delivery drops the app once the deletion commits (other replicas through the
 * {@link PublishedBundles#CHANNEL} notification sent in the same transaction).
 */
public record BundleWithdrawn(String appId) {}
