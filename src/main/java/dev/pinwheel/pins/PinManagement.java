package dev.pinwheel.pins;

import dev.pinwheel.core.Actors;
import dev.pinwheel.core.ProblemException;
import dev.pinwheel.core.ProblemType;
import dev.pinwheel.core.Violation;
import dev.pinwheel.core.Violations;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Manages apps, domains and their versioned pin sets. Every change runs in one transaction and
 * publishes its {@link dev.pinwheel.core.AuditableEvent} in it. Arguments are value types, parsed
 * at the edge; what needs the database (existence, uniqueness) is checked here, the pin set rules
 * by {@link Domain} ({@link PinSetRuleBroken}, {@link StalePinSetVersion}); nothing is stored when
 * any check fails.
 */
@Service
@Transactional
public class PinManagement {

    /** Most pins one pin set may hold. */
    public static final int MAX_PINS = 50;
    /** Most characters of a pin set version's comment. */
    public static final int MAX_COMMENT = 1000;

    private final AppRepository apps;
    private final DomainRepository domains;
    private final PinSetVersionRepository versions;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    PinManagement(
            AppRepository apps,
            DomainRepository domains,
            PinSetVersionRepository versions,
            ApplicationEventPublisher events,
            Clock clock) {
        this.apps = apps;
        this.domains = domains;
        this.versions = versions;
        this.events = events;
        this.clock = clock;
    }

    // ---- apps

    /**
     * Creates an app.
     *
     * @throws ProblemException 403 when a non-publisher sets a signed setting; 409 when the id is taken
     */
    public App createApp(AppId id, AppSettings settings) {
        requirePublisherForSignedSettings(null, null, settings);
        if (apps.existsById(id.value())) {
            throw ProblemException.conflict("An app with id '" + id + "' already exists.");
        }
        Instant now = now();
        App app =
                apps.save(new App(id, settings.displayName(), settings.pollInterval(), settings.bundleLifetime(), now));
        app.promoteAdoptionPercent(settings.promoteAdoptionPercentOrDefault(), now);
        events.publishEvent(new AppCreated(
                id.value(),
                app.displayName(),
                settings.pollIntervalSeconds(),
                settings.bundleLifetimeSeconds(),
                app.promoteAdoptionPercent()));
        return app;
    }

    @Transactional(readOnly = true)
    public Page<App> apps(Pageable pageable) {
        return apps.findAllByOrderByIdAsc(pageable);
    }

    /** The app; 404 when unknown. */
    @Transactional(readOnly = true)
    public App app(AppId id) {
        return findApp(id);
    }

    /**
     * Replaces an app's settings (a null override: use the default).
     *
     * @throws ProblemException 404 unknown app; 403 when a non-publisher changes a signed setting
     */
    public App updateApp(AppId id, AppSettings settings) {
        App app = findApp(id);
        requirePublisherForSignedSettings(secs(app.pollInterval()), secs(app.bundleLifetime()), settings);
        Map<String, Object> changes = new LinkedHashMap<>();
        change(changes, "displayName", app.displayName(), settings.displayName());
        change(changes, "pollIntervalSeconds", secs(app.pollInterval()), settings.pollIntervalSeconds());
        change(changes, "bundleLifetimeSeconds", secs(app.bundleLifetime()), settings.bundleLifetimeSeconds());
        change(
                changes,
                "promoteAdoptionPercent",
                app.promoteAdoptionPercent(),
                settings.promoteAdoptionPercentOrDefault());
        app.update(settings.displayName(), settings.pollInterval(), settings.bundleLifetime(), now());
        app.promoteAdoptionPercent(settings.promoteAdoptionPercentOrDefault(), now());
        if (!changes.isEmpty()) {
            events.publishEvent(new AppUpdated(id.value(), changes));
        }
        return app;
    }

    public void deleteApp(AppId id) {
        App app = findApp(id);
        List<String> hosts = app.hosts();
        apps.delete(app);
        events.publishEvent(new AppDeleted(id.value(), app.displayName(), hosts));
    }

    /**
     * Sets the list of domains an app carries. Every host must be a known domain, listed once:
     * 400 with a violation {@code hosts[i]} naming each one listed twice or unknown.
     */
    public App setAppDomains(AppId id, List<HostName> hosts) {
        App app = findApp(id);
        Violations v = new Violations();
        Map<String, Domain> found = checkAppDomains(hosts, v);
        v.throwIfAny();
        Set<String> before = new LinkedHashSet<>(app.hosts());
        Set<String> after = new TreeMap<>(found).keySet();
        app.carry(found.values(), now());
        List<String> added = after.stream().filter(h -> !before.contains(h)).toList();
        List<String> removed = before.stream().filter(h -> !after.contains(h)).toList();
        if (!added.isEmpty() || !removed.isEmpty()) {
            events.publishEvent(new AppDomainsChanged(id.value(), added, removed, List.copyOf(after)));
        }
        return app;
    }

    /**
     * Adds a violation {@code hosts[i]} to {@code v} for each host listed twice or with no domain,
     * so that a caller can report them together with its own; null entries (hosts the caller
     * could not parse) are skipped.
     *
     * @return the domains found, by host in the order listed
     */
    @Transactional(readOnly = true)
    public Map<String, Domain> checkAppDomains(List<HostName> hosts, Violations v) {
        Map<String, Domain> found = new LinkedHashMap<>();
        for (int i = 0; i < hosts.size(); i++) {
            String field = "hosts[" + i + "]";
            HostName host = hosts.get(i);
            if (host == null) {
                continue;
            }
            if (found.containsKey(host.value())) {
                v.add(field, host + " is listed twice");
                continue;
            }
            var domain = domains.findByHost(host.value());
            if (domain.isEmpty()) {
                v.add(field, "no domain " + host + " exists; create it first");
            } else {
                found.put(host.value(), domain.get());
            }
        }
        return found;
    }

    // ---- domains

    /** Creates a domain; 409 when it exists. */
    public Domain createDomain(HostName host, boolean includeSubdomains, DomainMode mode) {
        if (domains.findByHost(host.value()).isPresent()) {
            throw ProblemException.conflict("The domain " + host + " already exists.");
        }
        Domain d = domains.save(new Domain(host, includeSubdomains, mode, now()));
        events.publishEvent(new DomainCreated(host.value(), d.includeSubdomains(), mode.wireName()));
        return d;
    }

    /**
     * Domains ordered by host, all or those the app carries (404 when that app is unknown).
     *
     * @param appId null for all domains
     */
    @Transactional(readOnly = true)
    public Page<Domain> domains(AppId appId, Pageable pageable) {
        if (appId == null) {
            return domains.findAllByOrderByHostAsc(pageable);
        }
        findApp(appId);
        return domains.findCarriedBy(appId.value(), pageable);
    }

    /** The domain; 404 when unknown. */
    @Transactional(readOnly = true)
    public Domain domain(HostName host) {
        return findDomain(host, false);
    }

    /** Ids of the apps that carry the domain. */
    @Transactional(readOnly = true)
    public List<String> appsCarrying(Domain domain) {
        return apps.findIdsCarrying(domain.id());
    }

    /**
     * Replaces a domain's settings.
     *
     * @throws PinSetRuleBroken when switching to {@code enforce} and the current pins do not satisfy it
     */
    public Domain updateDomain(HostName host, boolean includeSubdomains, DomainMode mode) {
        Domain d = findDomain(host, true);
        Map<String, Object> changes = new LinkedHashMap<>();
        change(changes, "includeSubdomains", d.includeSubdomains(), includeSubdomains);
        change(changes, "mode", d.mode().wireName(), mode.wireName());
        d.update(includeSubdomains, mode, current(d), now());
        if (!changes.isEmpty()) {
            events.publishEvent(new DomainUpdated(d.host().value(), changes));
        }
        return d;
    }

    /** Deletes a domain and its pin set history; 409 naming the apps while any app carries it. */
    public void deleteDomain(HostName host) {
        Domain d = findDomain(host, true);
        List<String> carriers = apps.findIdsCarrying(d.id());
        if (!carriers.isEmpty()) {
            throw ProblemException.conflict("The domain " + d.host() + " is carried by app(s) "
                            + String.join(", ", carriers) + "; remove it from them first.")
                    .with("apps", carriers);
        }
        int last = d.currentVersion();
        domains.delete(d);
        events.publishEvent(new DomainDeleted(d.host().value(), last));
    }

    // ---- pin sets

    /** The current pin set version; 404 when the domain has none yet. */
    @Transactional(readOnly = true)
    public PinSetVersion currentPinSet(HostName host) {
        Domain d = findDomain(host, false);
        PinSetVersion current = current(d);
        if (current == null) {
            throw ProblemException.notFound(
                    "The domain " + d.host() + " has no pin set yet; PUT one with If-Match: \"0\".");
        }
        return current;
    }

    /** One version by number; 404 when there is no such version. */
    @Transactional(readOnly = true)
    public PinSetVersion pinSetVersion(HostName host, int version) {
        Domain d = findDomain(host, false);
        return versions.findByDomainIdAndVersion(d.id(), version)
                .orElseThrow(() -> ProblemException.notFound("The domain " + d.host() + " has no pin set version "
                        + version + " (current: " + d.currentVersion() + ")."));
    }

    /** Versions newest first. */
    @Transactional(readOnly = true)
    public Page<PinSetVersion> pinSetVersions(HostName host, Pageable pageable) {
        Domain d = findDomain(host, false);
        return versions.findByDomainIdOrderByVersionDesc(d.id(), pageable);
    }

    /**
     * Makes a new pin set version from the full list of pins.
     *
     * <p>Certificate metadata (subject, issuer, serial, validity) belongs to the key: a pin made
     * from a certificate keeps that certificate's metadata (replacing any earlier one); a pin
     * given by hash only keeps the metadata the same key had in the current version, if it had
     * any. So edits that carry a pin over by hash lose nothing.
     *
     * @param expectedVersion the version the caller saw (0 for the first version)
     * @param comment         may be null; at most {@value #MAX_COMMENT} characters
     * @throws ProblemException 404 (domain), 400 (more than {@value #MAX_PINS} pins or a too long comment)
     * @throws StalePinSetVersion when {@code expectedVersion} is not the current version
     * @throws PinSetRuleBroken when the pins break a rule
     */
    public PinSetVersion replacePinSet(HostName host, int expectedVersion, List<Pin> pins, String comment) {
        Domain d = findDomain(host, true);
        requireFits(pins, comment);
        PinSetVersion previous = current(d);
        PinSetVersion created = versions.save(d.newPinSetVersion(
                expectedVersion, carryCertificates(pins, previous), Actors.current(), now(), comment));
        return saved(d, previous, created);
    }

    /**
     * Makes a new pin set version by a typed edit of the current one (stage a backup, promote,
     * drop); every pin kept keeps its label and certificate metadata.
     *
     * @param expectedVersion the version the caller saw
     * @throws ProblemException 404 (domain)
     * @throws StalePinSetVersion when {@code expectedVersion} is not the current version
     * @throws PinSetRuleBroken when the result breaks a rule
     */
    public PinSetVersion editPinSet(HostName host, int expectedVersion, PinSetEdit edit, String comment) {
        Domain d = findDomain(host, true);
        PinSetVersion previous = current(d);
        List<Pin> next = carryCertificates(edit.apply(previous == null ? List.of() : previous.pins()), previous);
        requireFits(next, comment);
        PinSetVersion created =
                versions.save(d.newPinSetVersion(expectedVersion, next, Actors.current(), now(), comment));
        return saved(d, previous, created);
    }

    private PinSetVersion saved(Domain d, PinSetVersion previous, PinSetVersion created) {
        domains.save(d);
        events.publishEvent(versionCreated(d, previous, created));
        return created;
    }

    /** The difference between two versions of a domain's pin set; 404 when either is missing. */
    @Transactional(readOnly = true)
    public PinSetDiff diff(HostName host, int from, int to) {
        PinSetVersion a = pinSetVersion(host, from);
        PinSetVersion b = pinSetVersion(host, to);
        Diff diff = Diff.of(a.pins(), b.pins());
        return new PinSetDiff(host, from, to, diff.added, diff.removed, diff.roleChanged);
    }

    // ---- helpers

    /** The time to store: microseconds, as PostgreSQL keeps it, so responses equal later reads. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private record Diff(List<Pin> added, List<Pin> removed, List<PinSetDiff.RoleChange> roleChanged) {
        static Diff of(List<Pin> before, List<Pin> after) {
            Map<PinHash, Pin> a = before.stream()
                    .collect(Collectors.toMap(Pin::hash, Function.identity(), (x, y) -> x, LinkedHashMap::new));
            Map<PinHash, Pin> b = after.stream()
                    .collect(Collectors.toMap(Pin::hash, Function.identity(), (x, y) -> x, LinkedHashMap::new));
            List<Pin> added =
                    after.stream().filter(p -> !a.containsKey(p.hash())).toList();
            List<Pin> removed =
                    before.stream().filter(p -> !b.containsKey(p.hash())).toList();
            List<PinSetDiff.RoleChange> changed = after.stream()
                    .filter(p -> a.containsKey(p.hash()) && a.get(p.hash()).role() != p.role())
                    .map(p -> new PinSetDiff.RoleChange(
                            p.hash(), p.label(), a.get(p.hash()).role(), p.role()))
                    .toList();
            return new Diff(added, removed, changed);
        }
    }

    private PinSetVersionCreated versionCreated(Domain d, PinSetVersion previous, PinSetVersion created) {
        Diff diff = Diff.of(previous == null ? List.of() : previous.pins(), created.pins());
        Map<String, Long> roles = new TreeMap<>(created.pins().stream()
                .collect(Collectors.groupingBy(p -> p.role().wireName(), Collectors.counting())));
        return new PinSetVersionCreated(
                d.host().value(),
                created.version(),
                previous == null ? 0 : previous.version(),
                diff.added.stream().map(p -> p.hash().value()).toList(),
                diff.removed.stream().map(p -> p.hash().value()).toList(),
                diff.roleChanged.stream()
                        .map(c -> c.pin().value() + " " + c.from().wireName() + "->" + c.to().wireName())
                        .toList(),
                roles,
                created.comment());
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
        return given.stream()
                .map(p -> p.hasCertificate() ? p : p.withCertificateOf(earlier.get(p.hash())))
                .toList();
    }

    /** At most {@value #MAX_PINS} pins and a comment of at most {@value #MAX_COMMENT} characters (400 otherwise). */
    private static void requireFits(List<Pin> pins, String comment) {
        if (pins.size() > MAX_PINS) {
            throw ProblemException.invalid("pins", "at most " + MAX_PINS + " pins are allowed");
        }
        if (comment != null && comment.length() > MAX_COMMENT) {
            throw ProblemException.invalid("comment", "must be at most " + MAX_COMMENT + " characters");
        }
    }

    private App findApp(AppId id) {
        return apps.findById(id.value()).orElseThrow(() -> ProblemException.notFound("There is no app '" + id + "'."));
    }

    private Domain findDomain(HostName name, boolean forUpdate) {
        var found = forUpdate ? domains.findByHostForUpdate(name.value()) : domains.findByHost(name.value());
        return found.orElseThrow(() -> ProblemException.notFound("There is no domain " + name + "."));
    }

    /**
     * Poll interval and bundle lifetime end up in every signed bundle, re-signed by the service
     * on its own: setting or changing them needs the publisher role (403 naming each field),
     * exactly as publishing does. Keeping a value unchanged needs nothing more than editor.
     */
    private static void requirePublisherForSignedSettings(
            Long currentPoll, Long currentLifetime, AppSettings settings) {
        if (Actors.currentHasRole("PUBLISHER")) {
            return;
        }
        List<Violation> v = new ArrayList<>();
        if (!Objects.equals(currentPoll, settings.pollIntervalSeconds())) {
            v.add(new Violation("pollIntervalSeconds", "only a publisher may change it (it is signed into bundles)"));
        }
        if (!Objects.equals(currentLifetime, settings.bundleLifetimeSeconds())) {
            v.add(new Violation("bundleLifetimeSeconds", "only a publisher may change it (it is signed into bundles)"));
        }
        if (!v.isEmpty()) {
            throw new ProblemException(
                    ProblemType.FORBIDDEN,
                    v.stream().map(x -> x.field() + ": " + x.message()).collect(Collectors.joining("; ")),
                    Map.of("violations", v));
        }
    }

    private static Long secs(java.time.Duration d) {
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
