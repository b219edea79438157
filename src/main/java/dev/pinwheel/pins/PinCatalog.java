package dev.pinwheel.pins;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Read-only view of what a bundle is built from: an app's settings and the current pin set of
 * every domain it carries. Implemented by the pins module; used by bundles.
 */
public interface PinCatalog {

    /** The app, or empty when there is no app with that id. */
    Optional<AppView> app(String appId);

    /** Ids of every app. */
    List<String> appIds();

    /**
     * The current pin set of every domain the app carries, ordered by host. A domain with no
     * pin set version yet is included with version 0 and no pins (the publish check refuses it).
     *
     * @throws dev.pinwheel.core.ProblemException (404) when the app does not exist
     */
    List<DomainPins> currentPins(String appId);

    /** Every app's own bundle lifetime, for the apps that have one (one query, whatever the number of apps). */
    Map<String, Duration> bundleLifetimeOverrides();

    /** Hosts of the domains the app carries, ordered by host; empty when the app does not exist. */
    List<String> hostsOf(String appId);

    /** Ids of the apps that carry the domain (empty when none or the domain is unknown). */
    List<String> appsCarrying(String host);

    /**
     * An app.
     *
     * @param pollInterval   per-app override of the poll interval, may be null (use the default)
     * @param bundleLifetime per-app override of the bundle lifetime, may be null (use the default)
     * @param promoteAdoptionPercent the share of recent polls (0-100) from clients pinning a new key
     *                       that a rotation's promote waits for
     */
    record AppView(
            String id, String displayName, Duration pollInterval, Duration bundleLifetime, int promoteAdoptionPercent) {

        public AppView(String id, String displayName, Duration pollInterval, Duration bundleLifetime) {
            this(id, displayName, pollInterval, bundleLifetime, App.DEFAULT_PROMOTE_ADOPTION_PERCENT);
        }
    }

    /** One domain's current pin set. {@code pins} in the stored order. */
    record DomainPins(String host, boolean includeSubdomains, DomainMode mode, int pinSetVersion, List<Pin> pins) {

        /**
         * Whether this domain's pins apply to {@code hostname} (lower case, no trailing dot): the
         * host itself, or any name below it when {@code includeSubdomains} (RFC 7469).
         */
        public boolean covers(String hostname) {
            return hostname.equals(host) || (includeSubdomains && hostname.endsWith("." + host));
        }
    }

    /** A pinned key and its role. */
    record Pin(PinHash hash, PinRole role) implements PinnedKey {}
}
