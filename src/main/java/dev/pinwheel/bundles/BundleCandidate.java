package dev.pinwheel.bundles;

import dev.pinwheel.pins.PinCatalog;
import dev.pinwheel.pins.discovery.LiveCheck;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a bundle is about to carry, as given to every {@link BundleCheck}.
 *
 * @param domains the domains in payload order (may be empty)
 * @param at      the time of the publish
 * @param live    the live checks' outcomes by host, probed before the publish took any lock or
 *                transaction: checks decide on these and never probe themselves. A host is absent
 *                when its live check was off when the publish started.
 */
public record BundleCandidate(
        String appId, List<PinCatalog.DomainPins> domains, Instant at, Map<String, LiveCheck.Outcome> live) {

    public BundleCandidate {
        live = Map.copyOf(live);
    }

    /** A candidate without live-check outcomes. */
    public BundleCandidate(String appId, List<PinCatalog.DomainPins> domains, Instant at) {
        this(appId, domains, at, Map.of());
    }
}
