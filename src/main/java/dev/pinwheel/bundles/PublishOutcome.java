package dev.pinwheel.bundles;

import java.util.List;
import java.util.Map;

/**
 * The result of a publish.
 *
 * @param bundle   the stored bundle; null for a dry run
 * @param payload  the (would-be) payload claims
 * @param findings every finding of the checks (warnings, or forced errors)
 */
public record PublishOutcome(
        boolean dryRun, BundleSummary bundle, Map<String, Object> payload, List<Finding> findings) {}
