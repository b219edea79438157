package dev.pinwheel.bundles;

/**
 * A request to publish (or republish).
 *
 * @param comment may be null; at most 1000 characters
 * @param dryRun  build and check only, store nothing
 * @param force   publish despite error findings (not NO_DOMAINS / NO_PINS); needs a reason
 * @param reason  why the findings are overridden (goes into the audit log); required with force
 */
public record PublishCommand(String comment, boolean dryRun, boolean force, String reason) {}
