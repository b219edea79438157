package dev.pinwheel.pins.rotation;

import dev.pinwheel.core.Actors;
import dev.pinwheel.core.ProblemException;
import dev.pinwheel.core.ProblemType;
import dev.pinwheel.pins.CertificatePins;
import dev.pinwheel.pins.Domain;
import dev.pinwheel.pins.HostName;
import dev.pinwheel.pins.Pin;
import dev.pinwheel.pins.PinHash;
import dev.pinwheel.pins.PinManagement;
import dev.pinwheel.pins.PinRole;
import dev.pinwheel.pins.PinSetEdit;
import dev.pinwheel.pins.PinSetVersion;
import dev.pinwheel.pins.certificates.CertificateManagement;
import dev.pinwheel.pins.certificates.SigningRequests;
import dev.pinwheel.pins.discovery.LiveCheck;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs certificate rotations (see docs/adr/0007-rotation-safety-from-bundle-history.md). Each step makes a new pin set
 * version through {@link PinManagement} and publishes a {@link RotationEvent}, in one transaction;
 * the {@link Rotation} entity decides whether a step is allowed.
 */
@Service
@Transactional
public class RotationManagement {

    private static final String STAGED_LABEL = "rotation: new key";

    private final RotationRepository rotations;
    private final PinManagement pins;
    private final CertificateManagement certificates;
    private final RotationSafety safety;
    private final LiveCheck liveCheck;
    private final RotationProperties properties;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final TransactionTemplate tx;

    RotationManagement(
            RotationRepository rotations,
            PinManagement pins,
            CertificateManagement certificates,
            RotationSafety safety,
            LiveCheck liveCheck,
            RotationProperties properties,
            ApplicationEventPublisher events,
            Clock clock,
            TransactionTemplate tx) {
        this.tx = tx;
        this.rotations = rotations;
        this.pins = pins;
        this.certificates = certificates;
        this.safety = safety;
        this.liveCheck = liveCheck;
        this.properties = properties;
        this.events = events;
        this.clock = clock;
    }

    /**
     * What to stage: exactly one of {@code certificate} (PEM chain, leaf first, checked against the
     * host here), {@code csr} (PEM PKCS#10) and {@code pin}; {@code replaces} names the primary being
     * replaced (needed only when the domain has several primaries); {@code autopilot} lets the
     * service publish, promote and finish on its own. {@code replaces} and {@code comment} (at most
     * {@value #MAX_COMMENT} characters) may be null.
     */
    public record StageCommand(
            String certificate, String csr, PinHash pin, PinHash replaces, String comment, boolean autopilot) {

        /** Most characters of a rotation's comment. */
        public static final int MAX_COMMENT = 1000;

        /** @throws IllegalArgumentException unless exactly one new key is given and the comment fits */
        public StageCommand {
            int given = givenKeys(certificate, csr, pin);
            if (given != 1) {
                throw new IllegalArgumentException("give exactly one of certificate, csr and pin (got " + given + ")");
            }
            if (comment != null && comment.length() > MAX_COMMENT) {
                throw new IllegalArgumentException("comment must be at most " + MAX_COMMENT + " characters");
            }
        }

        public StageCommand(String certificate, String csr, PinHash pin, PinHash replaces, String comment) {
            this(certificate, csr, pin, replaces, comment, false);
        }

        /** How many of the three ways of naming the new key are given. */
        public static int givenKeys(String certificate, String csr, PinHash pin) {
            return (certificate != null ? 1 : 0) + (csr != null ? 1 : 0) + (pin != null ? 1 : 0);
        }
    }

    /**
     * Stages a rotation: the new key is pinned as a backup (a new pin set version). When the key is
     * already pinned as a backup, no new version is made; the rotation records that
     * ({@link RotationView#newPinPreexisting()}) and an abort then keeps the key pinned.
     *
     * @throws ProblemException 404 unknown domain; 400 bad input; 422 bad certificate or CSR;
     *         409 when a rotation is already open, the domain has no pin set, or the key is already primary
     */
    public RotationView stage(HostName host, StageCommand command) {
        Domain domain = pins.domain(host);
        HostName h = domain.host();
        PinHash newPin;
        Pin staged;
        KeySource source;
        if (command.certificate() != null) {
            List<X509Certificate> chain = certificates.checkChain(h, command.certificate(), "certificate");
            CertificatePins.CertificatePin leaf = CertificatePins.describe(chain.get(0));
            newPin = leaf.pin();
            staged = new Pin(newPin, PinRole.BACKUP, STAGED_LABEL, leaf);
            source = KeySource.CERTIFICATE;
        } else if (command.csr() != null) {
            newPin = SigningRequests.parse(command.csr(), "csr").spkiPin();
            staged = new Pin(newPin, PinRole.BACKUP, STAGED_LABEL, null);
            source = KeySource.CSR;
        } else {
            newPin = command.pin();
            staged = new Pin(newPin, PinRole.BACKUP, STAGED_LABEL, null);
            source = KeySource.PIN;
        }
        Optional<Rotation> open = rotations.findByOpenDomainId(domain.id());
        if (open.isPresent()) {
            throw ProblemException.conflict("Rotation " + open.get().id() + " of " + h + " is still "
                            + open.get().state().wireName() + "; finish or abort it before staging another.")
                    .with("rotationId", open.get().id());
        }
        PinSetVersion current = currentPinSet(h);
        PinHash oldPin = oldPin(current, command.replaces());
        Optional<Pin> existing = find(current, newPin);
        if (existing.isPresent() && existing.get().role() == PinRole.PRIMARY) {
            throw ProblemException.conflict("The new key " + newPin + " is already a primary pin of " + h
                    + "; a rotation needs a key that is not served yet.");
        }
        int version;
        if (existing.isPresent()) {
            version = current.version();
        } else {
            version = pins.editPinSet(
                            h,
                            current.version(),
                            new PinSetEdit.StageBackup(staged),
                            "rotation staged: new key " + newPin + " pinned as backup")
                    .version();
        }
        if (command.certificate() != null) {
            certificates.upload(h, command.certificate());
        }
        Rotation rotation = rotations.save(new Rotation(
                domain.id(),
                oldPin,
                newPin,
                source,
                existing.isPresent(),
                blankToNull(command.comment()),
                Actors.current(),
                now(),
                version,
                command.autopilot()));
        rotations.flush();
        events.publishEvent(event("staged", h, rotation, version));
        return view(h, rotation);
    }

    /**
     * Promotes a staged rotation: the new key becomes primary, the old one a backup. Allowed when
     * {@link RotationSafety.PromoteReadiness#safeAt} says so (time rule and adoption evidence).
     */
    public RotationView promote(HostName host, long id) {
        return promote(host, id, null);
    }

    /**
     * Promotes, forced past the adoption evidence when {@code forceReason} is given (it goes into
     * the audit log); never past the time rule.
     *
     * @param forceReason null (not forced) or a reason of 1-1000 characters
     * @throws ProblemException 400 when the reason is blank or too long
     */
    public RotationView promote(HostName host, long id, String forceReason) {
        if (forceReason != null && (forceReason.isBlank() || forceReason.length() > 1000)) {
            throw ProblemException.invalid(
                    "reason", "must be 1-1000 characters (why promote goes ahead against " + "the adoption evidence)");
        }
        String reason = forceReason == null ? null : forceReason.strip();
        Domain domain = pins.domain(host);
        HostName h = domain.host();
        Rotation rotation = find(domain, id);
        RotationSafety.PromoteReadiness readiness = safety.promoteReadiness(h.value(), rotation.newPin());
        // the reason is recorded only when it was needed: a promote the evidence allows is not forced
        String forced = readiness.adoptionShort().isEmpty() ? null : reason;
        rotation.promote(now(), readiness, reason, () -> {
            PinSetVersion current = currentPinSet(h);
            requirePinned(current, rotation.newPin(), "new");
            return pins.editPinSet(
                            h,
                            current.version(),
                            new PinSetEdit.Promote(rotation.newPin(), rotation.oldPin()),
                            "rotation " + id + " promoted: new key " + rotation.newPin() + " primary, old key backup")
                    .version();
        });
        events.publishEvent(event("promoted", h, rotation, rotation.promotedVersion(), forced));
        return view(h, rotation);
    }

    /**
     * Finishes a promoted rotation: the old key is removed. When the live check is due, it probes
     * the host before the finishing transaction starts (a hanging host must hold no transaction);
     * the transaction then decides on that outcome.
     */
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    public RotationView finish(HostName host, long id) {
        HostName due = tx.execute(s -> {
            Domain domain = pins.domain(host);
            HostName h = domain.host();
            return liveCheckDue(h, find(domain, id), currentPinSet(h), now()) ? h : null;
        });
        Optional<LiveCheck.Outcome> probed = due == null
                ? Optional.empty()
                : Optional.ofNullable(liveCheck.checkAll(List.of(due.value())).get(due.value()));
        return tx.execute(s -> finish(host, id, probed));
    }

    private RotationView finish(HostName host, long id, Optional<LiveCheck.Outcome> probed) {
        Domain domain = pins.domain(host);
        HostName h = domain.host();
        Rotation rotation = find(domain, id);
        PinSetVersion current = currentPinSet(h);
        boolean backupRemains = backupRemains(current, rotation);
        Instant now = now();
        Rotation.Served served = new Rotation.Served.Unchecked();
        if (liveCheckDue(h, rotation, current, now) && liveCheck.enabledFor(h)) {
            served = probed.<Rotation.Served>map(o -> o.succeeded()
                            ? new Rotation.Served.Key(o.servedPin())
                            : new Rotation.Served.Failed(o.failure()))
                    .orElse(new Rotation.Served.Failed("the rotation or the live-check setting changed while it "
                            + "was being finished; try again"));
        }
        rotation.finish(now, coolDown(h), backupRemains, served, () -> {
            return pins.editPinSet(
                            h,
                            current.version(),
                            new PinSetEdit.Drop(rotation.oldPin()),
                            "rotation " + id + " finished: old key " + rotation.oldPin() + " removed")
                    .version();
        });
        events.publishEvent(event("finished", h, rotation, rotation.finishedVersion()));
        return view(h, rotation);
    }

    /** Whether finishing now would consult the live check: the cool-down is over and a backup remains. */
    private boolean liveCheckDue(HostName host, Rotation rotation, PinSetVersion current, Instant now) {
        return rotation.coolDownOver(now, coolDown(host)) && backupRemains(current, rotation);
    }

    private static boolean backupRemains(PinSetVersion current, Rotation rotation) {
        return current.pins().stream()
                .anyMatch(p -> p.role() == PinRole.BACKUP && !p.hash().equals(rotation.oldPin()));
    }

    /**
     * Aborts a staged rotation, undoing only what staging added: the staged key is removed (a new
     * pin set version) unless it was already pinned as a backup before staging; then it stays
     * pinned and no new version is made.
     */
    public RotationView abort(HostName host, long id) {
        Domain domain = pins.domain(host);
        HostName h = domain.host();
        Rotation rotation = find(domain, id);
        rotation.abort(now(), () -> {
            PinSetVersion current = currentPinSet(h);
            if (rotation.newPinPreexisting() || find(current, rotation.newPin()).isEmpty()) {
                return current.version();
            }
            return pins.editPinSet(
                            h,
                            current.version(),
                            new PinSetEdit.Drop(rotation.newPin()),
                            "rotation " + id + " aborted: staged key " + rotation.newPin() + " removed")
                    .version();
        });
        events.publishEvent(event("aborted", h, rotation, rotation.abortedVersion()));
        return view(h, rotation);
    }

    /** Pauses the autopilot of an open rotation staged with it (audited). */
    public RotationView pauseAutopilot(HostName host, long id) {
        Domain domain = pins.domain(host);
        HostName h = domain.host();
        Rotation rotation = find(domain, id);
        rotation.pauseAutopilot(now());
        events.publishEvent(new RotationAutopilotChanged(h.value(), rotation.id(), "paused"));
        return view(h, rotation);
    }

    /** Resumes a paused autopilot (audited). */
    public RotationView resumeAutopilot(HostName host, long id) {
        Domain domain = pins.domain(host);
        HostName h = domain.host();
        Rotation rotation = find(domain, id);
        rotation.resumeAutopilot(now());
        events.publishEvent(new RotationAutopilotChanged(h.value(), rotation.id(), "resumed"));
        return view(h, rotation);
    }

    /**
     * A rotation that is open or whose autopilot still has work, for the background jobs.
     *
     * @param id   the rotation id
     * @param host the domain
     */
    public record Tracked(long id, HostName host) {}

    /** Every open rotation and every rotation whose autopilot still has work (a finish to publish). */
    @Transactional(readOnly = true)
    public List<Tracked> tracked() {
        return rotations.findOpenOrAutopilotActive().stream()
                .map(row -> new Tracked(((Number) row[0]).longValue(), new HostName((String) row[1])))
                .toList();
    }

    /**
     * Records what the autopilot did ({@code action} not null) or why its next step is refused
     * ({@code waitingFor}); writes only when something changed. {@link AutopilotAction#DONE}
     * ends its work.
     */
    public RotationView noteAutopilot(HostName host, long id, AutopilotAction action, String waitingFor) {
        Domain domain = pins.domain(host);
        HostName h = domain.host();
        Rotation rotation = find(domain, id);
        if (action == AutopilotAction.DONE) {
            rotation.autopilotDone(now());
        } else if (action != null) {
            rotation.autopilotTook(action, now());
        }
        if (waitingFor != null || action != null) {
            if (!java.util.Objects.equals(waitingFor, rotation.autopilotWaitingFor())) {
                rotation.autopilotWaitsFor(waitingFor);
            }
        }
        return view(h, rotation);
    }

    /** The domain's rotations, newest first. */
    @Transactional(readOnly = true)
    public List<RotationView> rotations(HostName host) {
        Domain domain = pins.domain(host);
        HostName h = domain.host();
        return rotations.findByDomainIdOrderByIdDesc(domain.id()).stream()
                .map(r -> view(h, r))
                .toList();
    }

    /** One rotation (404 when it is not a rotation of this domain). */
    @Transactional(readOnly = true)
    public RotationView rotation(HostName host, long id) {
        Domain domain = pins.domain(host);
        return view(domain.host(), find(domain, id));
    }

    /** The cool-down after promote for the host. */
    @Transactional(readOnly = true)
    public Duration coolDown(HostName host) {
        return properties.coolDownFor(safety.pollInterval(host.value()));
    }

    // ---- helpers

    private RotationView view(HostName host, Rotation r) {
        Instant earliest = null;
        String waitsFor = null;
        List<RotationAdoption> adoption = List.of();
        if (r.state() == RotationState.STAGED) {
            RotationSafety.PromoteReadiness readiness = safety.promoteReadiness(host.value(), r.newPin());
            adoption = readiness.adoption().stream().map(RotationAdoption::of).toList();
            if (!readiness.unpublishedApps().isEmpty()) {
                waitsFor = "a published bundle pinning the new key for app(s) "
                        + String.join(", ", readiness.unpublishedApps());
            } else {
                earliest = readiness.safeAfter() != null ? readiness.safeAfter() : r.stagedAt();
                waitsFor = adoptionWait(readiness);
            }
        } else if (r.state() == RotationState.PROMOTED) {
            earliest = r.finishSafeAfter(coolDown(host));
            waitsFor = liveCheck.enabledFor(host)
                    ? "the host no longer serving the old key (live check)"
                    : "the host no longer serving the old key (switch the server first; the live check is off)";
        }
        return new RotationView(
                r.id(),
                host.value(),
                r.state().wireName(),
                r.oldPin().value(),
                r.newPin().value(),
                r.newKeySource().wireName(),
                r.comment(),
                r.createdBy(),
                r.stagedAt(),
                r.stagedVersion(),
                r.promotedAt(),
                r.promotedVersion(),
                r.finishedAt(),
                r.finishedVersion(),
                r.abortedAt(),
                r.abortedVersion(),
                r.newPinPreexisting(),
                note(r),
                r.nextStep(),
                earliest,
                waitsFor,
                new RotationView.Autopilot(
                        r.autopilot(),
                        r.autopilotPaused(),
                        r.autopilotLastAction(),
                        r.autopilotLastActionAt(),
                        r.autopilotWaitingFor()),
                adoption);
    }

    /** What promote waits for in adoption, or null when the evidence allows it (or cannot tell). */
    private static String adoptionWait(RotationSafety.PromoteReadiness readiness) {
        List<RotationSafety.AppAdoption> shortOf = readiness.adoptionShort();
        if (shortOf.isEmpty()) {
            return null;
        }
        return "adoption: "
                + shortOf.stream()
                        .map(a -> String.format(
                                Locale.ROOT,
                                "app %s needs %d %% of recent polls from clients pinning the new key (now %.1f %% of %d)",
                                a.appId(),
                                a.requiredPercent(),
                                Math.floor(a.percent() * 10) / 10,
                                a.polls()))
                        .collect(Collectors.joining("; "));
    }

    private static String note(Rotation r) {
        if (r.newPinPreexisting()) {
            return r.state() == RotationState.ABORTED
                    ? "The new key was pinned as a backup before staging, so abort kept it pinned (no new pin set "
                            + "version)."
                    : "The new key was already pinned as a backup before staging, so staging made no new pin set "
                            + "version; abort would keep it pinned.";
        }
        return r.state() == RotationState.ABORTED
                ? "Abort removed the key staging had added (pin set version " + r.abortedVersion() + ")."
                : null;
    }

    private Rotation find(Domain domain, long id) {
        return rotations
                .findByIdAndDomainId(id, domain.id())
                .orElseThrow(
                        () -> ProblemException.notFound("There is no rotation " + id + " of " + domain.host() + "."));
    }

    private PinSetVersion currentPinSet(HostName host) {
        try {
            return pins.currentPinSet(host);
        } catch (ProblemException e) {
            if (e.type() == ProblemType.NOT_FOUND) {
                throw ProblemException.conflict("The domain " + host + " has no pin set yet; pin the key it serves "
                        + "now (primary) and a backup before rotating.");
            }
            throw e;
        }
    }

    private static PinHash oldPin(PinSetVersion current, PinHash replaces) {
        List<Pin> primaries =
                current.pins().stream().filter(p -> p.role() == PinRole.PRIMARY).toList();
        if (replaces != null) {
            if (primaries.stream().noneMatch(p -> p.hash().equals(replaces))) {
                throw ProblemException.invalid("replaces", replaces + " is not a primary pin of the domain");
            }
            return replaces;
        }
        if (primaries.isEmpty()) {
            throw ProblemException.conflict(
                    "The domain has no primary pin to replace; mark the key it serves now " + "as primary first.");
        }
        if (primaries.size() > 1) {
            throw ProblemException.invalid(
                    "replaces",
                    "is required: the domain has " + primaries.size() + " primary pins; name the one being replaced");
        }
        return primaries.get(0).hash();
    }

    private static void requirePinned(PinSetVersion current, PinHash pin, String which) {
        if (find(current, pin).isEmpty()) {
            throw new RotationStepRefused(
                    null,
                    "The " + which + " key " + pin + " is no longer in the pin set " + "(version " + current.version()
                            + "); abort this rotation.");
        }
    }

    private static Optional<Pin> find(PinSetVersion set, PinHash pin) {
        return set.pins().stream().filter(p -> p.hash().equals(pin)).findFirst();
    }

    private static RotationEvent event(String step, HostName host, Rotation r, Integer version) {
        return event(step, host, r, version, null);
    }

    private static RotationEvent event(String step, HostName host, Rotation r, Integer version, String forceReason) {
        return new RotationEvent(
                step,
                host.value(),
                r.id(),
                r.oldPin(),
                r.newPin(),
                version == null ? 0 : version,
                r.newPinPreexisting(),
                r.comment(),
                forceReason);
    }

    /** Rotation timestamps are kept to the second, like bundle times. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
