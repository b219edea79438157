package dev.pinwheel.pins;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.pinwheel.core.Actors;
import dev.pinwheel.core.ProblemException;
import dev.pinwheel.core.ProblemType;
import dev.pinwheel.core.Violation;
import dev.pinwheel.core.pem.PemViolations;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Manages apps, domains and their versioned pin sets. Every change runs in one transaction and
 * publishes its {@link dev.pinwheel.core.AuditableEvent} in it. Raw input is checked here (400
 * with {@code violations}); the pin set rules are decided by {@link Domain} (409 pin-set-rule);
 * nothing is stored when either fails.
 */
@Service
@Transactional
public class PinManagement {

    /** Most pins one pin set may hold. */
    public static final int MAX_PINS = 50;
    static final long MIN_SECONDS = 1;
    static final long MAX_SECONDS = 366L * 24 * 3600;

    private final AppRepository apps;
    private final DomainRepository domains;
    private final PinSetVersionRepository versions;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    PinManagement(AppRepository apps, DomainRepository domains, PinSetVersionRepository versions,
            ApplicationEventPublisher events, Clock clock) {
        this.apps = apps;
        this.domains = domains;
        this.versions = versions;
        this.events = events;
        this.clock = clock;
    }

    // ---- apps

    /** Creates an app; 400 on a bad id/name/override, 409 when the id is taken. */
    public App createApp(String id, String displayName, Long pollIntervalSeconds, Long bundleLifetimeSeconds) {
        return createApp(id, displayName, pollIntervalSeconds, bundleLifetimeSeconds, null);
    }

    /**
     * Creates an app.
     *
     * @param promoteAdoptionPercent 0-100, null for the default ({@link App#DEFAULT_PROMOTE_ADOPTION_PERCENT})
     */
    public App createApp(String id, String displayName, Long pollIntervalSeconds, Long bundleLifetimeSeconds,
            Integer promoteAdoptionPercent) {
        List<Violation> v = new ArrayList<>();
        if (id == null || id.isEmpty()) {
            v.add(new Violation("id", "is required"));
        } else if (!AppId.isValid(id)) {
            v.add(new Violation("id", "must match [a-z0-9][a-z0-9-]{0,62}: 1-63 lower-case letters, digits and "
                    + "hyphens, starting with a letter or digit"));
        }
        checkAppSettings(v, displayName, pollIntervalSeconds, bundleLifetimeSeconds);
        checkPercent(v, promoteAdoptionPercent);
        if (!v.isEmpty()) {
            throw ProblemException.invalid(v);
        }
        requirePublisherForSignedSettings(null, null, pollIntervalSeconds, bundleLifetimeSeconds);
        if (apps.existsById(id)) {
            throw ProblemException.conflict("An app with id '" + id + "' already exists.");
        }
        Instant now = now();
        App app = apps.save(new App(new AppId(id), displayName.strip(), seconds(pollIntervalSeconds),
                seconds(bundleLifetimeSeconds), now));
        app.promoteAdoptionPercent(percentOrDefault(promoteAdoptionPercent), now);
        events.publishEvent(new AppCreated(id, app.displayName(), pollIntervalSeconds, bundleLifetimeSeconds,
                app.promoteAdoptionPercent()));
        return app;
    }

    @Transactional(readOnly = true)
    public Page<App> apps(Pageable pageable) {
        return apps.findAllByOrderByIdAsc(pageable);
    }

    /** The app; 404 when unknown (400 when the id cannot be an app id). */
    @Transactional(readOnly = true)
    public App app(String id) {
        return findApp(id);
    }

    /** Replaces an app's display name and overrides (null override: use the default). */
    public App updateApp(String id, String displayName, Long pollIntervalSeconds, Long bundleLifetimeSeconds) {
        return updateApp(id, displayName, pollIntervalSeconds, bundleLifetimeSeconds, null);
    }

    /**
     * Replaces an app's settings; a null {@code promoteAdoptionPercent} means the default
     * ({@link App#DEFAULT_PROMOTE_ADOPTION_PERCENT}), like the other overrides.
     */
    public App updateApp(String id, String displayName, Long pollIntervalSeconds, Long bundleLifetimeSeconds,
            Integer promoteAdoptionPercent) {
        App app = findApp(id);
        List<Violation> v = new ArrayList<>();
        checkAppSettings(v, displayName, pollIntervalSeconds, bundleLifetimeSeconds);
        checkPercent(v, promoteAdoptionPercent);
        if (!v.isEmpty()) {
            throw ProblemException.invalid(v);
        }
        requirePublisherForSignedSettings(secs(app.pollInterval()), secs(app.bundleLifetime()), pollIntervalSeconds,
                bundleLifetimeSeconds);
        Map<String, Object> changes = new LinkedHashMap<>();
        change(changes, "displayName", app.displayName(), displayName.strip());
        change(changes, "pollIntervalSeconds", secs(app.pollInterval()), pollIntervalSeconds);
        change(changes, "bundleLifetimeSeconds", secs(app.bundleLifetime()), bundleLifetimeSeconds);
        change(changes, "promoteAdoptionPercent", app.promoteAdoptionPercent(), percentOrDefault(promoteAdoptionPercent));
        app.update(displayName.strip(), seconds(pollIntervalSeconds), seconds(bundleLifetimeSeconds), now());
        app.promoteAdoptionPercent(percentOrDefault(promoteAdoptionPercent), now());
        if (!changes.isEmpty()) {
            events.publishEvent(new AppUpdated(id, changes));
        }
        return app;
    }

    public void deleteApp(String id) {
        App app = findApp(id);
        List<String> hosts = app.hosts();
        apps.delete(app);
        events.publishEvent(new AppDeleted(id, app.displayName(), hosts));
    }

    /**
     * Sets the list of domains an app carries. Every host must be a known domain: 400 with a
     * violation {@code hosts[i]} naming each bad or unknown one.
     */
    public App setAppDomains(String id, List<String> hosts) {
        App app = findApp(id);
        if (hosts == null) {
            throw ProblemException.invalid("hosts", "is required");
        }
        List<Violation> v = new ArrayList<>();
        Map<String, Domain> found = new LinkedHashMap<>();
        for (int i = 0; i < hosts.size(); i++) {
            String field = "hosts[" + i + "]";
            HostName host;
            try {
                host = HostName.of(hosts.get(i));
            } catch (IllegalArgumentException e) {
                v.add(new Violation(field, e.getMessage()));
                continue;
            }
            if (found.containsKey(host.value())) {
                v.add(new Violation(field, host + " is listed twice"));
                continue;
            }
            var domain = domains.findByHost(host.value());
            if (domain.isEmpty()) {
                v.add(new Violation(field, "no domain " + host + " exists; create it first"));
            } else {
                found.put(host.value(), domain.get());
            }
        }
        if (!v.isEmpty()) {
            throw ProblemException.invalid(v);
        }
        Set<String> before = new LinkedHashSet<>(app.hosts());
        Set<String> after = new TreeMap<>(found).keySet();
        app.carry(found.values(), now());
        List<String> added = after.stream().filter(h -> !before.contains(h)).toList();
        List<String> removed = before.stream().filter(h -> !after.contains(h)).toList();
        if (!added.isEmpty() || !removed.isEmpty()) {
            events.publishEvent(new AppDomainsChanged(id, added, removed, List.copyOf(after)));
        }
        return app;
    }

    // ---- domains

    /** Creates a domain; 400 on a bad host or mode, 409 when it exists. */
    public Domain createDomain(String host, Boolean includeSubdomains, String mode) {
        List<Violation> v = new ArrayList<>();
        HostName name = parseHost(v, "host", host);
        DomainMode m = parseMode(v, mode);
        if (!v.isEmpty()) {
            throw ProblemException.invalid(v);
        }
        if (domains.findByHost(name.value()).isPresent()) {
            throw ProblemException.conflict("The domain " + name + " already exists.");
        }
        Domain d = domains.save(new Domain(name, Boolean.TRUE.equals(includeSubdomains), m, now()));
        events.publishEvent(new DomainCreated(name.value(), d.includeSubdomains(), m.wireName()));
        return d;
    }

    /** Domains ordered by host, all or those the app carries (404 when that app is unknown). */
    @Transactional(readOnly = true)
    public Page<Domain> domains(String appId, Pageable pageable) {
        if (appId == null) {
            return domains.findAllByOrderByHostAsc(pageable);
        }
        findApp(appId);
        return domains.findCarriedBy(appId, pageable);
    }

    @Transactional(readOnly = true)
    public Domain domain(String host) {
        return findDomain(host, false);
    }

    /** Ids of the apps that carry the domain. */
    @Transactional(readOnly = true)
    public List<String> appsCarrying(Domain domain) {
        return apps.findIdsCarrying(domain.id());
    }

    /**
     * Replaces a domain's settings. Switching to {@code enforce} is refused (409 pin-set-rule)
     * when the current pins do not satisfy it.
     */
    public Domain updateDomain(String host, Boolean includeSubdomains, String mode) {
        Domain d = findDomain(host, true);
        List<Violation> v = new ArrayList<>();
        DomainMode m = parseMode(v, mode);
        if (includeSubdomains == null) {
            v.add(new Violation("includeSubdomains", "is required"));
        }
        if (!v.isEmpty()) {
            throw ProblemException.invalid(v);
        }
        Map<String, Object> changes = new LinkedHashMap<>();
        change(changes, "includeSubdomains", d.includeSubdomains(), includeSubdomains);
        change(changes, "mode", d.mode().wireName(), m.wireName());
        d.update(includeSubdomains, m, current(d), now());
        if (!changes.isEmpty()) {
            events.publishEvent(new DomainUpdated(d.host().value(), changes));
        }
        return d;
    }

    /** Deletes a domain and its pin set history; 409 naming the apps while any app carries it. */
    public void deleteDomain(String host) {
        Domain d = findDomain(host, true);
        List<String> carriers = apps.findIdsCarrying(d.id());
        if (!carriers.isEmpty()) {
            throw ProblemException.conflict("The domain " + d.host() + " is carried by app(s) "
                    + String.join(", ", carriers) + "; remove it from them first.").with("apps", carriers);
        }
        int last = d.currentVersion();
        domains.delete(d);
        events.publishEvent(new DomainDeleted(d.host().value(), last));
    }

    // ---- pin sets

    /** The current pin set version; 404 when the domain has none yet. */
    @Transactional(readOnly = true)
    public PinSetVersion currentPinSet(String host) {
        Domain d = findDomain(host, false);
        PinSetVersion current = current(d);
        if (current == null) {
            throw ProblemException.notFound("The domain " + d.host() + " has no pin set yet; PUT one with If-Match: \"0\".");
        }
        return current;
    }

    /** One version by number; 404 when there is no such version. */
    @Transactional(readOnly = true)
    public PinSetVersion pinSetVersion(String host, int version) {
        Domain d = findDomain(host, false);
        return versions.findByDomainIdAndVersion(d.id(), version).orElseThrow(() -> ProblemException.notFound(
                "The domain " + d.host() + " has no pin set version " + version + " (current: "
                        + d.currentVersion() + ")."));
    }

    /** Versions newest first. */
    @Transactional(readOnly = true)
    public Page<PinSetVersion> pinSetVersions(String host, Pageable pageable) {
        Domain d = findDomain(host, false);
        return versions.findByDomainIdOrderByVersionDesc(d.id(), pageable);
    }

    /**
     * Makes a new pin set version from the full list of pins.
     *
     * <p>Certificate metadata (subject, issuer, serial, validity) belongs to the key: a pin given
     * with a {@code certificate} takes that certificate's metadata (replacing any earlier one); a
     * pin given by {@code sha256} only keeps the metadata the same key had in the current version,
     * if it had any. So rotation steps and edits that carry a pin over by hash lose nothing.
     *
     * @param expectedVersion the caller's {@code If-Match} version (0 for the first version);
     *                        null → 428
     * @throws ProblemException 428 (no If-Match), 404 (domain), 400 (bad pins, with
     *         {@code pins[i].field} violations), 412 (stale, with {@code currentVersion}),
     *         409 (a pin set rule)
     */
    public PinSetVersion replacePinSet(String host, Integer expectedVersion, List<PinInput> pins, String comment) {
        if (expectedVersion == null) {
            throw new ProblemException(ProblemType.PRECONDITION_REQUIRED,
                    "Send If-Match with the current pin set version (its ETag, e.g. \"3\"; \"0\" for the first).");
        }
        Domain d = findDomain(host, true);
        List<Pin> given = parsePins(pins, comment);
        PinSetVersion previous = current(d);
        List<Pin> parsed = carryCertificates(given, previous);
        PinSetVersion created = versions.save(d.newPinSetVersion(expectedVersion, parsed, Actors.current(),
                now(), comment));
        domains.save(d);
        events.publishEvent(versionCreated(d, previous, created));
        return created;
    }

    /** The difference between two versions of a domain's pin set; 404 when either is missing. */
    @Transactional(readOnly = true)
    public PinSetDiff diff(String host, int from, int to) {
        PinSetVersion a = pinSetVersion(host, from);
        PinSetVersion b = pinSetVersion(host, to);
        Diff diff = Diff.of(a.pins(), b.pins());
        return new PinSetDiff(HostName.of(host), from, to, diff.added, diff.removed, diff.roleChanged);
    }

    // ---- helpers

    /** The time to store: microseconds, as PostgreSQL keeps it, so responses equal later reads. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private record Diff(List<Pin> added, List<Pin> removed, List<PinSetDiff.RoleChange> roleChanged) {
        static Diff of(List<Pin> before, List<Pin> after) {
            Map<PinHash, Pin> a = before.stream().collect(Collectors.toMap(Pin::hash, Function.identity(),
                    (x, y) -> x, LinkedHashMap::new));
            Map<PinHash, Pin> b = after.stream().collect(Collectors.toMap(Pin::hash, Function.identity(),
                    (x, y) -> x, LinkedHashMap::new));
            List<Pin> added = after.stream().filter(p -> !a.containsKey(p.hash())).toList();
            List<Pin> removed = before.stream().filter(p -> !b.containsKey(p.hash())).toList();
            List<PinSetDiff.RoleChange> changed = after.stream()
                    .filter(p -> a.containsKey(p.hash()) && a.get(p.hash()).role() != p.role())
                    .map(p -> new PinSetDiff.RoleChange(p.hash(), p.label(), a.get(p.hash()).role(), p.role()))
                    .toList();
            return new Diff(added, removed, changed);
        }
    }

    private PinSetVersionCreated versionCreated(Domain d, PinSetVersion previous, PinSetVersion created) {
        Diff diff = Diff.of(previous == null ? List.of() : previous.pins(), created.pins());
        Map<String, Long> roles = new TreeMap<>(created.pins().stream()
                .collect(Collectors.groupingBy(p -> p.role().wireName(), Collectors.counting())));
        return new PinSetVersionCreated(d.host().value(), created.version(),
                previous == null ? 0 : previous.version(),
                diff.added.stream().map(p -> p.hash().value()).toList(),
                diff.removed.stream().map(p -> p.hash().value()).toList(),
                diff.roleChanged.stream().map(c -> c.pin().value() + " " + c.from().wireName() + "->"
                        + c.to().wireName()).toList(),
                roles, created.comment());
    }

    private PinSetVersion current(Domain d) {
        if (d.currentVersion() == 0) {
            return null;
        }
        return versions.findByDomainIdAndVersion(d.id(), d.currentVersion()).orElse(null);
    }

    /** Hash-only pins take the certificate metadata of the same key in {@code previous} (may be null). */
    private static List<Pin> carryCertificates(List<Pin> given, PinSetVersion previous) {
        if (previous == null) {
            return given;
        }
        Map<PinHash, Pin> earlier = new LinkedHashMap<>();
        for (Pin p : previous.pins()) {
            if (p.hasCertificate()) {
                earlier.putIfAbsent(p.hash(), p);
            }
        }
        return given.stream().map(p -> p.hasCertificate() ? p : p.withCertificateOf(earlier.get(p.hash()))).toList();
    }

    private static List<Pin> parsePins(List<PinInput> pins, String comment) {
        List<Violation> v = new ArrayList<>();
        if (pins == null) {
            throw ProblemException.invalid("pins", "is required");
        }
        if (pins.size() > MAX_PINS) {
            throw ProblemException.invalid("pins", "at most " + MAX_PINS + " pins are allowed");
        }
        if (comment != null && comment.length() > 1000) {
            v.add(new Violation("comment", "must be at most 1000 characters"));
        }
        List<Pin> out = new ArrayList<>();
        PemViolations pem = new PemViolations();
        for (int i = 0; i < pins.size(); i++) {
            String f = "pins[" + i + "]";
            PinInput in = pins.get(i);
            if (in == null) {
                v.add(new Violation(f, "must be an object"));
                continue;
            }
            PinHash hash = null;
            CertificatePins.CertificatePin cert = null;
            boolean hasHash = in.sha256() != null;
            boolean hasCert = in.certificate() != null;
            if (hasHash && hasCert) {
                v.add(new Violation(f, "give either sha256 or certificate, not both"));
            } else if (!hasHash && !hasCert) {
                v.add(new Violation(f + ".sha256", "is required (or give certificate instead)"));
            } else if (hasHash) {
                try {
                    hash = PinHash.parse(in.sha256());
                } catch (IllegalArgumentException e) {
                    v.add(new Violation(f + ".sha256", e.getMessage()));
                }
            } else {
                cert = pem.collect(() -> CertificatePins.single(in.certificate(), f + ".certificate"), v);
                hash = cert == null ? null : cert.pin();
            }
            PinRole role = null;
            if (in.role() == null) {
                v.add(new Violation(f + ".role", "is required: primary or backup"));
            } else {
                try {
                    role = PinRole.valueOf(in.role().toUpperCase(Locale.ROOT));
                    if (!role.wireName().equals(in.role())) {
                        throw new IllegalArgumentException();
                    }
                } catch (IllegalArgumentException e) {
                    v.add(new Violation(f + ".role", "must be primary or backup"));
                    role = null;
                }
            }
            if (in.label() != null && in.label().length() > 200) {
                v.add(new Violation(f + ".label", "must be at most 200 characters"));
            }
            if (hash != null && role != null) {
                out.add(new Pin(hash, role, in.label(), cert));
            }
        }
        pem.throwIfAny(v);
        return out;
    }

    private App findApp(String id) {
        if (!AppId.isValid(id)) {
            throw ProblemException.invalid("appId", "must match [a-z0-9][a-z0-9-]{0,62}");
        }
        return apps.findById(id).orElseThrow(() -> ProblemException.notFound("There is no app '" + id + "'."));
    }

    private Domain findDomain(String host, boolean forUpdate) {
        HostName name;
        try {
            name = HostName.of(host);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("host", e.getMessage());
        }
        var found = forUpdate ? domains.findByHostForUpdate(name.value()) : domains.findByHost(name.value());
        return found.orElseThrow(() -> ProblemException.notFound("There is no domain " + name + "."));
    }

    private static HostName parseHost(List<Violation> v, String field, String host) {
        if (host == null) {
            v.add(new Violation(field, "is required"));
            return null;
        }
        try {
            return HostName.of(host);
        } catch (IllegalArgumentException e) {
            v.add(new Violation(field, e.getMessage()));
            return null;
        }
    }

    private static DomainMode parseMode(List<Violation> v, String mode) {
        if (mode == null) {
            v.add(new Violation("mode", "is required: enforce or report"));
            return null;
        }
        for (DomainMode m : DomainMode.values()) {
            if (m.wireName().equals(mode)) {
                return m;
            }
        }
        v.add(new Violation("mode", "must be enforce or report"));
        return null;
    }

    /**
     * Poll interval and bundle lifetime end up in every signed bundle, re-signed by the service
     * on its own: setting or changing them needs the publisher role (403 naming each field),
     * exactly as publishing does. Keeping a value unchanged needs nothing more than editor.
     */
    private static void requirePublisherForSignedSettings(Long currentPoll, Long currentLifetime, Long poll,
            Long lifetime) {
        if (Actors.currentHasRole("PUBLISHER")) {
            return;
        }
        List<Violation> v = new ArrayList<>();
        if (!Objects.equals(currentPoll, poll)) {
            v.add(new Violation("pollIntervalSeconds", "only a publisher may change it (it is signed into bundles)"));
        }
        if (!Objects.equals(currentLifetime, lifetime)) {
            v.add(new Violation("bundleLifetimeSeconds", "only a publisher may change it (it is signed into bundles)"));
        }
        if (!v.isEmpty()) {
            throw new ProblemException(ProblemType.FORBIDDEN, v.stream().map(x -> x.field() + ": " + x.message())
                    .collect(Collectors.joining("; ")), Map.of("violations", v));
        }
    }

    private static void checkAppSettings(List<Violation> v, String displayName, Long poll, Long lifetime) {
        if (displayName == null || displayName.isBlank()) {
            v.add(new Violation("displayName", "is required"));
        } else if (displayName.strip().length() > 200) {
            v.add(new Violation("displayName", "must be at most 200 characters"));
        }
        checkSeconds(v, "pollIntervalSeconds", poll);
        checkSeconds(v, "bundleLifetimeSeconds", lifetime);
        if (poll != null && lifetime != null && lifetime <= poll) {
            v.add(new Violation("bundleLifetimeSeconds", "must be longer than pollIntervalSeconds"));
        }
    }

    private static void checkPercent(List<Violation> v, Integer percent) {
        if (percent != null && (percent < 0 || percent > 100)) {
            v.add(new Violation("promoteAdoptionPercent", "must be between 0 and 100 (percent of recent polls)"));
        }
    }

    private static int percentOrDefault(Integer percent) {
        return percent == null ? App.DEFAULT_PROMOTE_ADOPTION_PERCENT : percent;
    }

    private static void checkSeconds(List<Violation> v, String field, Long value) {
        if (value != null && (value < MIN_SECONDS || value > MAX_SECONDS)) {
            v.add(new Violation(field, "must be between " + MIN_SECONDS + " and " + MAX_SECONDS + " seconds"));
        }
    }

    private static Duration seconds(Long s) {
        return s == null ? null : Duration.ofSeconds(s);
    }

    private static Long secs(Duration d) {
        return d == null ? null : d.toSeconds();
    }

    private static void change(Map<String, Object> changes, String field, Object from, Object to) {
        if (!Objects.equals(from, to)) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("from", from);
            c.put("to", to);
            changes.put(field, c);
        }
    }
}
