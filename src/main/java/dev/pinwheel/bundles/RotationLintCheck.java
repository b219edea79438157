package dev.pinwheel.bundles;

import dev.pinwheel.pins.DomainMode;
import dev.pinwheel.pins.PinCatalog;
import dev.pinwheel.pins.PinHash;
import dev.pinwheel.pins.PinRole;
import dev.pinwheel.pins.certificates.CertificateManagement;
import dev.pinwheel.pins.discovery.LiveCheck;
import dev.pinwheel.pins.rotation.RotationProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Publish lint for rotation safety (docs/adr/0007-rotation-safety-from-bundle-history.md). Per domain of the candidate:
 * <ul>
 * <li>{@code PRIMARY_NOT_SERVED}: the live check finds the host serving a key the bundle does not pin;</li>
 * <li>{@code PIN_REMOVED_WHILE_SERVED}: a pin of the app's newest bundle is dropped although the
 * host still serves it;</li>
 * <li>{@code PIN_REMOVED_TOO_EARLY}: a key that was primary in a bundle published within the
 * rotation cool-down is dropped;</li>
 * <li>{@code CERTIFICATE_EXPIRED} / {@code CERTIFICATE_EXPIRES_SOON} (warning): the known
 * certificates of a primary pin's key have expired / expire within the bundle lifetime;</li>
 * <li>{@code LIVE_CHECK_FAILED} (warning): the live check is on but could not reach the host.</li>
 * </ul>
 * Errors for enforced domains; the same findings are warnings for report-only domains.
 */
@Component
@Order(10)
class RotationLintCheck implements BundleCheck {

    static final String PRIMARY_NOT_SERVED = "PRIMARY_NOT_SERVED";
    static final String PIN_REMOVED_WHILE_SERVED = "PIN_REMOVED_WHILE_SERVED";
    static final String PIN_REMOVED_TOO_EARLY = "PIN_REMOVED_TOO_EARLY";
    static final String CERTIFICATE_EXPIRED = "CERTIFICATE_EXPIRED";
    static final String CERTIFICATE_EXPIRES_SOON = "CERTIFICATE_EXPIRES_SOON";
    static final String LIVE_CHECK_FAILED = "LIVE_CHECK_FAILED";

    private final PinCatalog catalog;
    private final BundlePinHistory history;
    private final CertificateManagement certificates;
    private final RotationProperties rotation;
    private final BundleProperties properties;

    RotationLintCheck(
            PinCatalog catalog,
            BundlePinHistory history,
            CertificateManagement certificates,
            RotationProperties rotation,
            BundleProperties properties) {
        this.catalog = catalog;
        this.history = history;
        this.certificates = certificates;
        this.rotation = rotation;
        this.properties = properties;
    }

    @Override
    public List<Finding> check(BundleCandidate candidate) {
        List<Finding> findings = new ArrayList<>();
        Optional<PinCatalog.AppView> app = catalog.app(candidate.appId());
        Duration lifetime = AppTimings.lifetime(app, properties);
        Duration coolDown = rotation.coolDownFor(AppTimings.pollInterval(app, properties));
        Instant now = candidate.at();
        List<BundlePinHistory.Published> bundles = history.history(candidate.appId());
        // settings and certificate expiries of all domains at once: a big app must not cost
        // queries per domain
        List<String> hosts =
                candidate.domains().stream().map(PinCatalog.DomainPins::host).toList();
        Map<String, Map<PinHash, Instant>> expiries = certificates.latestExpiries(hosts);
        for (PinCatalog.DomainPins d : candidate.domains()) {
            if (d.pins().isEmpty()) {
                continue;
            }
            // probed before the publish took its lock: a hanging host must not hold the app's lock
            Optional<LiveCheck.Outcome> live =
                    Optional.ofNullable(candidate.live().get(d.host()));
            Map<PinHash, Instant> known = expiries.getOrDefault(d.host(), Map.of());
            findings.addAll(domainFindings(
                    d, bundles, live, pin -> Optional.ofNullable(known.get(pin)), coolDown, lifetime, now));
        }
        return findings;
    }

    /**
     * The findings about one domain of the candidate.
     *
     * @param bundles  the app's published bundles, newest first
     * @param live     the live check's outcome; empty when it is off for the domain
     * @param expiryOf the latest expiry of the known certificates of a key; empty when none is known
     */
    static List<Finding> domainFindings(
            PinCatalog.DomainPins d,
            List<BundlePinHistory.Published> bundles,
            Optional<LiveCheck.Outcome> live,
            Function<PinHash, Optional<Instant>> expiryOf,
            Duration coolDown,
            Duration lifetime,
            Instant now) {
        List<Finding> findings = new ArrayList<>();
        boolean enforce = d.mode() == DomainMode.ENFORCE;
        Set<PinHash> pinned = new LinkedHashSet<>();
        d.pins().forEach(p -> pinned.add(p.hash()));
        Set<PinHash> removed = new LinkedHashSet<>();
        if (!bundles.isEmpty()) {
            bundles.get(0)
                    .domain(d.host())
                    .ifPresent(prev -> prev.pins().stream()
                            .map(PinCatalog.Pin::hash)
                            .filter(p -> !pinned.contains(p))
                            .forEach(removed::add));
        }
        if (live.isPresent() && !live.get().succeeded()) {
            findings.add(Finding.warning(
                    LIVE_CHECK_FAILED,
                    d.host(),
                    "The live check of " + d.host() + ":" + live.get().port()
                            + " failed, so the served key is unknown: "
                            + live.get().failure()));
        } else if (live.isPresent()) {
            PinHash served = live.get().servedPin();
            if (!pinned.contains(served)) {
                findings.add(finding(
                        enforce,
                        PRIMARY_NOT_SERVED,
                        d.host(),
                        d.host() + ":" + live.get().port()
                                + " serves the key " + served + ", which this bundle does not pin: clients would "
                                + "refuse the server. Pin the served key (primary) or switch the server back."));
            }
            if (removed.contains(served)) {
                findings.add(finding(
                        enforce,
                        PIN_REMOVED_WHILE_SERVED,
                        d.host(),
                        "The pin " + served
                                + " of the previous bundle is dropped, but " + d.host() + " still serves that key; "
                                + "switch the server to another pinned key first."));
            }
        }
        Set<PinHash> recentPrimaries = new LinkedHashSet<>();
        for (BundlePinHistory.Published b : bundles) {
            if (b.issuedAt().isBefore(now.minus(coolDown))) {
                break;
            }
            b.domain(d.host())
                    .ifPresent(prev -> prev.pins().stream()
                            .filter(p -> p.role() == PinRole.PRIMARY)
                            .map(PinCatalog.Pin::hash)
                            .forEach(recentPrimaries::add));
        }
        for (PinHash p : recentPrimaries) {
            if (!pinned.contains(p)) {
                findings.add(finding(
                        enforce,
                        PIN_REMOVED_TOO_EARLY,
                        d.host(),
                        "The key " + p
                                + " was primary in a bundle published less than the cool-down (" + coolDown
                                + ") ago and is dropped: keep it pinned (as backup) until "
                                + lastPrimaryAt(bundles, d.host(), p).plus(coolDown) + "."));
            }
        }
        for (PinCatalog.Pin p : d.pins()) {
            if (p.role() != PinRole.PRIMARY) {
                continue;
            }
            Optional<Instant> expiry = expiryOf.apply(p.hash());
            if (expiry.isEmpty()) {
                continue;
            }
            if (!expiry.get().isAfter(now)) {
                findings.add(finding(
                        enforce,
                        CERTIFICATE_EXPIRED,
                        d.host(),
                        "Every known certificate of the "
                                + "primary key " + p.hash() + " expired (latest at " + expiry.get()
                                + "); rotate to a key with a valid certificate."));
            } else if (expiry.get().isBefore(now.plus(lifetime))) {
                findings.add(Finding.warning(
                        CERTIFICATE_EXPIRES_SOON,
                        d.host(),
                        "The certificate of the primary "
                                + "key " + p.hash() + " expires at " + expiry.get()
                                + ", within this bundle's lifetime (" + lifetime + "); stage a rotation."));
            }
        }
        return findings;
    }

    private static Instant lastPrimaryAt(List<BundlePinHistory.Published> bundles, String host, PinHash pin) {
        for (BundlePinHistory.Published b : bundles) {
            boolean primary = b.domain(host)
                    .map(d -> d.pins().stream().anyMatch(p -> p.hash().equals(pin) && p.role() == PinRole.PRIMARY))
                    .orElse(false);
            if (primary) {
                return b.issuedAt();
            }
        }
        return Instant.EPOCH;
    }

    private static Finding finding(boolean enforce, String code, String host, String message) {
        return enforce ? Finding.error(code, host, message) : Finding.warning(code, host, message);
    }
}
