package dev.pinwheel.watch;

import dev.pinwheel.alerts.AlertCondition;
import dev.pinwheel.alerts.AlertKind;
import dev.pinwheel.bundles.PublishedBundles;
import dev.pinwheel.core.ProblemException;
import dev.pinwheel.pins.PinCatalog;
import dev.pinwheel.pins.PinHash;
import dev.pinwheel.pins.rotation.RotationManagement;
import dev.pinwheel.pins.rotation.RotationView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * What the watch flags, computed from the database on every call (so every replica answers the
 * same): a host serving a key the newest bundle of an app carrying it does not pin; a served
 * certificate expiring soon while no rotation of its domain is open; a rotation not moving; an
 * app's newest bundle expiring soon. Each finding is an {@link AlertCondition}. Each app's newest
 * bundle is read once per call, whatever the number of its watched hosts.
 */
@Component
public class WatchFindings {

    private final WatchObservations observations;
    private final PinCatalog catalog;
    private final PublishedBundles published;
    private final RotationManagement rotations;
    private final WatchProperties properties;
    private final Clock clock;

    WatchFindings(
            WatchObservations observations,
            PinCatalog catalog,
            PublishedBundles published,
            RotationManagement rotations,
            WatchProperties properties,
            Clock clock) {
        this.observations = observations;
        this.catalog = catalog;
        this.published = published;
        this.rotations = rotations;
        this.properties = properties;
        this.clock = clock;
    }

    /** Every current finding, by kind then subject. */
    public List<AlertCondition> current() {
        Instant now = clock.instant();
        List<AlertCondition> out = new ArrayList<>();
        Map<String, RotationView> open = new LinkedHashMap<>();
        for (RotationManagement.Tracked t : rotations.tracked()) {
            try {
                RotationView r = rotations.rotation(t.host(), t.id());
                if (r.nextStep() != null) {
                    open.put(r.host(), r);
                }
            } catch (ProblemException e) {
                // deleted meanwhile
            }
        }
        List<Observation> newest =
                observations.newestPerHost(now.minus(properties.interval().multipliedBy(3)));
        Map<String, Optional<Map<String, PublishedBundles.DomainEntry>>> bundlesByApp = new java.util.HashMap<>();
        for (Observation o : newest) {
            if (o.succeeded()) {
                unpinned(o, bundlesByApp).ifPresent(out::add);
            }
        }
        for (Observation o : newest) {
            if (o.succeeded()
                    && o.leafNotAfter() != null
                    && !open.containsKey(o.host())
                    && o.leafNotAfter().isBefore(now.plus(properties.certificateExpiryWarning()))) {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("host", o.host());
                d.put("servedPin", o.servedPin().value());
                d.put("notAfter", o.leafNotAfter().toString());
                out.add(new AlertCondition(
                        AlertKind.CERTIFICATE_EXPIRING,
                        "domain:" + o.host(),
                        o.host() + "|" + o.servedPin().base64(),
                        "The certificate " + o.host() + " serves expires at " + o.leafNotAfter()
                                + " and no rotation of the domain is staged: stage the next key.",
                        d,
                        o.observedAt()));
            }
        }
        for (RotationView r : open.values()) {
            Instant since = r.promotedAt() != null ? r.promotedAt() : r.stagedAt();
            if (!since.plus(properties.rotationStalledAfter()).isAfter(now)) {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("host", r.host());
                d.put("rotationId", r.id());
                d.put("state", r.state());
                d.put("since", since.toString());
                String waits =
                        r.autopilot().waitingFor() != null ? r.autopilot().waitingFor() : r.nextStepWaitsFor();
                if (waits != null) {
                    d.put("waitingFor", waits);
                }
                out.add(new AlertCondition(
                        AlertKind.ROTATION_STALLED,
                        "domain:" + r.host(),
                        r.host() + "|" + r.id() + "|" + r.state(),
                        "Rotation " + r.id() + " of " + r.host() + " has been " + r.state() + " since " + since
                                + " without a next step (" + r.nextStep() + ").",
                        d,
                        now));
            }
        }
        for (PublishedBundles.Expiry e : published.newestExpiries()) {
            if (catalog.app(e.appId()).isPresent()
                    && e.expiresAt().isBefore(now.plus(properties.bundleExpiryWarning()))) {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("app", e.appId());
                d.put("seq", e.seq());
                d.put("expiresAt", e.expiresAt().toString());
                out.add(new AlertCondition(
                        AlertKind.BUNDLE_EXPIRING,
                        "app:" + e.appId(),
                        e.appId() + "|" + e.seq(),
                        "The newest bundle of app " + e.appId() + " (seq " + e.seq() + ") expires at " + e.expiresAt()
                                + (e.expiresAt().isBefore(now) ? " (expired)" : "")
                                + ": check that re-signing runs, or publish.",
                        d,
                        now));
            }
        }
        return out;
    }

    /**
     * The "serves an unpinned key" finding of one observation: the served chain has no key that
     * the newest bundle of some app carrying the host pins (leaf or CA pins count, as for clients).
     */
    private Optional<AlertCondition> unpinned(
            Observation o, Map<String, Optional<Map<String, PublishedBundles.DomainEntry>>> bundlesByApp) {
        Set<PinHash> chain = new HashSet<>(o.chainPins());
        chain.add(o.servedPin());
        List<String> apps = new ArrayList<>();
        for (String app : catalog.appsCarrying(o.host())) {
            bundlesByApp
                    .computeIfAbsent(app, published::newestEntries)
                    .map(m -> m.get(o.host()))
                    .filter(e -> e.pins().stream().noneMatch(chain::contains))
                    .ifPresent(e -> apps.add(app + " (seq " + e.seq() + ")"));
        }
        if (apps.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("host", o.host());
        d.put("port", o.port());
        d.put("address", o.address());
        d.put("servedPin", o.servedPin().value());
        d.put("apps", apps);
        return Optional.of(new AlertCondition(
                AlertKind.UNPINNED_KEY,
                "domain:" + o.host(),
                o.host() + "|" + o.servedPin().base64(),
                o.host() + " serves the key " + o.servedPin()
                        + ", which the newest bundle of " + String.join(", ", apps) + " does not pin: clients holding"
                        + " it refuse the host (or someone intercepts the service's own path).",
                d,
                o.observedAt()));
    }

    /** Whether the host's observations show only {@code newPin} for at least {@code coolDown} up to now; else why not. */
    Optional<String> notOnlyNewKey(String host, PinHash newPin, Duration coolDown) {
        Instant now = clock.instant();
        Instant from = now.minus(coolDown);
        for (Observation o : observations.since(host, from)) {
            if (o.succeeded() && !o.servedPin().equals(newPin)) {
                return Optional.of("the watch to see only the new key " + newPin + " for the cool-down (" + coolDown
                        + "): at " + o.observedAt() + " " + host + " served " + o.servedPin());
            }
        }
        Optional<Observation> before = observations.lastSuccessAtOrBefore(host, from);
        if (before.isEmpty() || !before.get().servedPin().equals(newPin)) {
            Optional<Instant> first = observations.since(host, from).stream()
                    .filter(o -> o.succeeded() && o.servedPin().equals(newPin))
                    .map(Observation::observedAt)
                    .findFirst();
            return Optional.of("the watch to see only the new key " + newPin + " for the cool-down (" + coolDown + "): "
                    + first.map(t -> "first seen at " + t + ", enough at " + t.plus(coolDown))
                            .orElse("not seen yet (switch " + host + " to the new certificate)"));
        }
        return Optional.empty();
    }
}
