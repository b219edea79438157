package dev.pinwheel.bundles;

import dev.pinwheel.pins.PinCatalog;
import dev.pinwheel.pins.PinHash;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The pins that an app's published bundles carried, newest first, read from the stored (signed)
 * payloads: exactly what clients received.
 */
@Component
class BundlePinHistory {

    /** How many bundles back the history is read at most. */
    static final int MAX_BUNDLES = 500;

    private final BundleStore store;
    private final BundlePayloads payloads;

    BundlePinHistory(BundleStore store, JsonMapper json) {
        this.store = store;
        this.payloads = new BundlePayloads(json);
    }

    /** A published bundle's domains by host. */
    record Published(long seq, Instant issuedAt, long pollIntervalSeconds, Map<String, PinCatalog.DomainPins> domains) {

        Optional<PinCatalog.DomainPins> domain(String host) {
            return Optional.ofNullable(domains.get(host));
        }

        boolean pins(String host, PinHash pin) {
            return domain(host)
                    .map(d -> d.pins().stream().anyMatch(p -> p.hash().equals(pin)))
                    .orElse(false);
        }
    }

    /** The app's bundles, newest first (at most {@link #MAX_BUNDLES}). */
    List<Published> history(String appId) {
        return store.history(appId, null, MAX_BUNDLES).stream()
                .map(this::published)
                .toList();
    }

    /** The app's newest bundle, if any. */
    Optional<Published> latest(String appId) {
        return store.latest(appId).map(this::published);
    }

    private Published published(StoredBundle b) {
        Map<String, PinCatalog.DomainPins> domains = new LinkedHashMap<>();
        for (PinCatalog.DomainPins d : BundlePayloads.domainsOf(payloads.payloadOf(b.jws()))) {
            domains.put(d.host(), d);
        }
        return new Published(b.summary().seq(), b.summary().issuedAt(), b.pollIntervalSeconds(), domains);
    }
}
