package dev.pinwheel.bundles;

import java.time.Instant;
import java.util.List;

import dev.pinwheel.pins.PinCatalog;

/**
 * What a bundle is about to carry, as given to every {@link BundleCheck}.
 *
 * @param domains the domains in payload order (may be empty)
 * @param at      the time of the publish
 */
public record BundleCandidate(String appId, List<PinCatalog.DomainPins> domains, Instant at) {
}
