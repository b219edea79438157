package dev.pinwheel.pins.rotation;

import dev.pinwheel.pins.PinHash;
import dev.pinwheel.pins.PinSetRule;
import dev.pinwheel.pins.PinSetRuleBroken;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Converter;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntSupplier;

/**
 * One rotation of a domain's served key from {@code oldPin} to {@code newPin}. Moves only through
 * its guarded transitions: {@link #promote}, {@link #finish}, {@link #abort}; each refuses
 * ({@link RotationStepRefused}, {@link RotationNotSafeYet}, {@link PinSetRuleBroken}) when the
 * state or the time does not allow it, and only then applies the pin set change it is given
 * (recording the pin set version that change made).
 *
 * <p>Invariants: at most one open rotation per domain ({@code open_domain_id}); {@code promotedAt}
 * is set exactly when the rotation was promoted; a finished rotation was promoted; an aborted one
 * never was.
 */
@Entity
@Table(name = "rotations")
public class Rotation {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "domain_id", nullable = false, updatable = false)
    private Long domainId;

    @Column(name = "open_domain_id")
    private Long openDomainId;

    @Convert(converter = StateConverter.class)
    @Column(name = "state", nullable = false, length = 16)
    private RotationState state;

    @Column(name = "old_pin", nullable = false, length = 44, updatable = false)
    private String oldPin;

    @Column(name = "new_pin", nullable = false, length = 44, updatable = false)
    private String newPin;

    @Convert(converter = SourceConverter.class)
    @Column(name = "new_key_source", nullable = false, length = 16, updatable = false)
    private KeySource newKeySource;

    @Column(name = "new_pin_preexisting", nullable = false, updatable = false)
    private boolean newPinPreexisting;

    @Column(name = "comment", length = 1000, updatable = false)
    private String comment;

    @Column(name = "created_by", nullable = false, length = 200, updatable = false)
    private String createdBy;

    @Column(name = "staged_at", nullable = false, updatable = false)
    private Instant stagedAt;

    @Column(name = "staged_version", nullable = false, updatable = false)
    private int stagedVersion;

    @Column(name = "promoted_at")
    private Instant promotedAt;

    @Column(name = "promoted_version")
    private Integer promotedVersion;

    @Column(name = "finished_at")
    private Instant finishedAt;

    @Column(name = "finished_version")
    private Integer finishedVersion;

    @Column(name = "aborted_at")
    private Instant abortedAt;

    @Column(name = "aborted_version")
    private Integer abortedVersion;

    @Column(name = "autopilot", nullable = false, updatable = false)
    private boolean autopilot;

    @Column(name = "autopilot_active", nullable = false)
    private boolean autopilotActive;

    @Column(name = "autopilot_paused", nullable = false)
    private boolean autopilotPaused;

    @Column(name = "autopilot_last_action", length = 32)
    private String autopilotLastAction;

    @Column(name = "autopilot_last_action_at")
    private Instant autopilotLastActionAt;

    @Column(name = "autopilot_waiting_for", length = 2000)
    private String autopilotWaitingFor;

    @Version
    @Column(name = "row_version", nullable = false)
    private Long rowVersion;

    protected Rotation() {}

    /**
     * A newly staged rotation.
     *
     * @param oldPin            the key served now (a primary of the domain)
     * @param newPin            the key that will be served
     * @param newPinPreexisting whether the new key was pinned (as a backup) before staging; abort
     *                          then leaves it pinned
     * @param stagedVersion     the pin set version staging made (or found, when preexisting)
     */
    public Rotation(
            Long domainId,
            PinHash oldPin,
            PinHash newPin,
            KeySource source,
            boolean newPinPreexisting,
            String comment,
            String actor,
            Instant now,
            int stagedVersion) {
        this(domainId, oldPin, newPin, source, newPinPreexisting, comment, actor, now, stagedVersion, false);
    }

    /** A newly staged rotation, driven by the autopilot when {@code autopilot} is true. */
    public Rotation(
            Long domainId,
            PinHash oldPin,
            PinHash newPin,
            KeySource source,
            boolean newPinPreexisting,
            String comment,
            String actor,
            Instant now,
            int stagedVersion,
            boolean autopilot) {
        if (oldPin.equals(newPin)) {
            throw new IllegalArgumentException("old and new key are the same");
        }
        this.domainId = domainId;
        this.openDomainId = domainId;
        this.state = RotationState.STAGED;
        this.oldPin = oldPin.base64();
        this.newPin = newPin.base64();
        this.newKeySource = source;
        this.newPinPreexisting = newPinPreexisting;
        this.comment = comment;
        this.createdBy = actor;
        this.stagedAt = now;
        this.stagedVersion = stagedVersion;
        this.autopilot = autopilot;
        this.autopilotActive = autopilot;
    }

    /**
     * The new key becomes primary and the old one a backup.
     *
     * @param readiness  whether every polling client pins the new key (bundle history and adoption)
     * @param applyPins  makes the pin set change and returns the new version; called only when allowed
     * @throws RotationStepRefused when not staged
     * @throws RotationNotSafeYet with {@code safeAfter} (or {@code unpublishedApps}, or {@code adoption})
     *         when clients may not pin the new key yet
     */
    public void promote(Instant now, RotationSafety.PromoteReadiness readiness, IntSupplier applyPins) {
        promote(now, readiness, null, applyPins);
    }

    /**
     * Promote, optionally forced past the adoption evidence: with a {@code forceReason} (the caller
     * audits it) promote goes ahead although too few recent polls come from clients pinning the new
     * key. Nothing forces past the time rule: a bundle pinning the new key must be published and
     * have been public for the poll interval plus the cache lifetime.
     *
     * @param forceReason null, or why promote goes ahead against the adoption evidence
     */
    public void promote(
            Instant now, RotationSafety.PromoteReadiness readiness, String forceReason, IntSupplier applyPins) {
        requireState(RotationState.STAGED, "promote");
        if (!readiness.unpublishedApps().isEmpty()) {
            throw RotationNotSafeYet.unpublished(
                    readiness.unpublishedApps(),
                    "Promote is not safe yet: the newest "
                            + "bundle of app(s) " + String.join(", ", readiness.unpublishedApps())
                            + " does not pin the new key "
                            + newPin() + ". Publish a bundle for each of them; promote becomes safe once it has been "
                            + "public for the poll interval plus the bundle cache lifetime.");
        }
        if (!readiness.timeRuleMetAt(now)) {
            throw RotationNotSafeYet.before(
                    readiness.safeAfter(),
                    "Promote is not safe before "
                            + readiness.safeAfter()
                            + ": clients that poll on schedule may not hold a bundle pinning the new "
                            + "key yet. Retry after that time.");
        }
        List<RotationSafety.AppAdoption> shortOf = readiness.adoptionShort();
        if (!shortOf.isEmpty() && forceReason == null) {
            StringBuilder detail = new StringBuilder("Promote is not safe yet: too few recent polls come from "
                    + "clients whose bundle pins the new key " + newPin() + " (");
            List<RotationAdoption> figures = new ArrayList<>();
            for (RotationSafety.AppAdoption a : shortOf) {
                if (!figures.isEmpty()) {
                    detail.append("; ");
                }
                detail.append(String.format(
                        Locale.ROOT,
                        "app %s: %.1f %% of %d polls, needs %d %%",
                        a.appId(),
                        Math.floor(a.percent() * 10) / 10,
                        a.polls(),
                        a.requiredPercent()));
                figures.add(RotationAdoption.of(a));
            }
            detail.append("). Wait until more clients have fetched the newest bundle, or force with a reason.");
            throw RotationNotSafeYet.adoptionShort(figures, detail.toString());
        }
        this.promotedVersion = applyPins.getAsInt();
        this.promotedAt = now;
        this.state = RotationState.PROMOTED;
    }

    /** What the live check says about the host when finishing. */
    public sealed interface Served {
        /** The live check is off for the host. */
        record Unchecked() implements Served {}

        /** The host serves this key. */
        record Key(PinHash pin) implements Served {}

        /** The live check is on but failed. */
        record Failed(String reason) implements Served {}
    }

    /**
     * Drops the old key.
     *
     * @param coolDown         how long after promote the old key must stay pinned
     * @param backupRemains    whether the pin set still has a backup once the old key is removed
     * @param served           what the host serves now
     * @param applyPins        makes the pin set change and returns the new version; called only when allowed
     * @throws RotationStepRefused when not promoted
     * @throws RotationNotSafeYet with {@code safeAfter} during the cool-down, or while the host still
     *         serves the old key (or the live check failed)
     * @throws PinSetRuleBroken ({@link PinSetRule#ENFORCE_NEEDS_BACKUP}) when no backup would remain
     */
    public void finish(Instant now, Duration coolDown, boolean backupRemains, Served served, IntSupplier applyPins) {
        requireState(RotationState.PROMOTED, "finish");
        if (!coolDownOver(now, coolDown)) {
            Instant safeAfter = finishSafeAfter(coolDown);
            throw RotationNotSafeYet.before(
                    safeAfter,
                    "Finish is not safe before " + safeAfter
                            + ": the cool-down of " + coolDown + " after promote (at " + promotedAt
                            + ") keeps a rollback to "
                            + "the old certificate possible. Retry after that time.");
        }
        if (!backupRemains) {
            throw new PinSetRuleBroken(
                    PinSetRule.ENFORCE_NEEDS_BACKUP,
                    "Removing the old key " + oldPin()
                            + " would leave the domain without a backup pin: add a backup first (pin a spare key as backup), "
                            + "then finish.",
                    null,
                    null);
        }
        if (served instanceof Served.Key key && key.pin().equals(oldPin())) {
            throw RotationNotSafeYet.stillServed(
                    key.pin(),
                    "The host still serves the old key " + oldPin() + ": switch the server to the new certificate (key "
                            + newPin() + ") first, then finish.");
        }
        if (served instanceof Served.Failed failed) {
            throw RotationNotSafeYet.liveCheckFailed(
                    failed.reason(),
                    "The live check could not tell whether the " + "host still serves the old key (" + failed.reason()
                            + "); finish is refused until it can.");
        }
        this.finishedVersion = applyPins.getAsInt();
        this.finishedAt = now;
        this.state = RotationState.FINISHED;
        this.openDomainId = null;
    }

    /**
     * Removes the staged key again (unless it was pinned before staging).
     *
     * @param applyPins makes the pin set change and returns the new version; called only when allowed
     * @throws RotationStepRefused unless staged (a promoted key was primary and is
     *         not aborted: roll forward or stage a rotation back)
     */
    public void abort(Instant now, IntSupplier applyPins) {
        requireState(RotationState.STAGED, "abort");
        this.abortedVersion = applyPins.getAsInt();
        this.abortedAt = now;
        this.state = RotationState.ABORTED;
        this.openDomainId = null;
        if (autopilot) {
            this.autopilotActive = false;
            this.autopilotWaitingFor = null;
            noteAutopilot(AutopilotAction.ABORTED, now);
        }
    }

    /**
     * Stops the autopilot from taking further steps until {@link #resumeAutopilot}; the operator may
     * still promote, finish or abort by hand.
     *
     * @throws RotationStepRefused when the rotation has no autopilot, is closed, or is paused already
     */
    public void pauseAutopilot(Instant now) {
        requireAutopilot("pause");
        if (autopilotPaused) {
            throw new RotationStepRefused(state, "The autopilot of rotation " + id + " is paused already.");
        }
        autopilotPaused = true;
        autopilotWaitingFor = "resume: the autopilot is paused";
        noteAutopilot(AutopilotAction.PAUSED, now);
    }

    /**
     * Lets the autopilot take steps again.
     *
     * @throws RotationStepRefused when the rotation has no autopilot, is closed, or is not paused
     */
    public void resumeAutopilot(Instant now) {
        requireAutopilot("resume");
        if (!autopilotPaused) {
            throw new RotationStepRefused(state, "The autopilot of rotation " + id + " is not paused.");
        }
        autopilotPaused = false;
        autopilotWaitingFor = null;
        noteAutopilot(AutopilotAction.RESUMED, now);
    }

    /** Records a step the autopilot took; clears what it waited for. */
    public void autopilotTook(AutopilotAction action, Instant now) {
        autopilotWaitingFor = null;
        noteAutopilot(action, now);
    }

    /** Records why the autopilot's next step is refused (null: nothing). */
    public void autopilotWaitsFor(String reason) {
        autopilotWaitingFor = reason == null ? null : reason.length() > 2000 ? reason.substring(0, 2000) : reason;
    }

    /** The autopilot has nothing left to do (the last step's bundles are published). */
    public void autopilotDone(Instant now) {
        autopilotActive = false;
        autopilotWaitingFor = null;
        noteAutopilot(AutopilotAction.DONE, now);
    }

    private void noteAutopilot(AutopilotAction action, Instant now) {
        autopilotLastAction = action.wireName();
        autopilotLastActionAt = now;
    }

    private void requireAutopilot(String step) {
        if (!autopilot || !state.isOpen()) {
            throw new RotationStepRefused(
                    state,
                    "Rotation " + id + " is " + state.wireName()
                            + (autopilot ? "" : " and was not staged with autopilot") + "; " + step
                            + " is only allowed for an open rotation staged with autopilot.");
        }
    }

    /** The next step, or null when the rotation is closed. */
    public String nextStep() {
        return switch (state) {
            case STAGED -> "promote";
            case PROMOTED -> "finish";
            default -> null;
        };
    }

    private void requireState(RotationState required, String step) {
        if (state != required) {
            throw new RotationStepRefused(
                    state,
                    "Rotation " + id + " is " + state.wireName() + "; " + step + " is only allowed when it is "
                            + required.wireName() + ".");
        }
    }

    /**
     * When finishing becomes allowed by time: the cool-down after promote. The one place the
     * cool-down is decided.
     *
     * @throws IllegalStateException when the rotation was never promoted
     */
    public Instant finishSafeAfter(Duration coolDown) {
        if (promotedAt == null) {
            throw new IllegalStateException("rotation " + id + " was not promoted");
        }
        return promotedAt.plus(coolDown);
    }

    /** Whether the cool-down after promote is over at {@code now}; false when never promoted. */
    public boolean coolDownOver(Instant now, Duration coolDown) {
        return promotedAt != null && !now.isBefore(finishSafeAfter(coolDown));
    }

    public Long id() {
        return id;
    }

    public Long domainId() {
        return domainId;
    }

    public RotationState state() {
        return state;
    }

    /** The key being replaced. */
    public PinHash oldPin() {
        return new PinHash(oldPin);
    }

    /** The new key. */
    public PinHash newPin() {
        return new PinHash(newPin);
    }

    public KeySource newKeySource() {
        return newKeySource;
    }

    public boolean newPinPreexisting() {
        return newPinPreexisting;
    }

    /** May be null. */
    public String comment() {
        return comment;
    }

    public String createdBy() {
        return createdBy;
    }

    public Instant stagedAt() {
        return stagedAt;
    }

    public int stagedVersion() {
        return stagedVersion;
    }

    /** Null until promoted. */
    public Instant promotedAt() {
        return promotedAt;
    }

    /** Null until promoted. */
    public Integer promotedVersion() {
        return promotedVersion;
    }

    /** Null until finished. */
    public Instant finishedAt() {
        return finishedAt;
    }

    /** Null until finished. */
    public Integer finishedVersion() {
        return finishedVersion;
    }

    /** Null unless aborted. */
    public Instant abortedAt() {
        return abortedAt;
    }

    /** Null unless aborted. */
    public Integer abortedVersion() {
        return abortedVersion;
    }

    /** Whether the rotation was staged with autopilot. */
    public boolean autopilot() {
        return autopilot;
    }

    /** Whether the autopilot still has steps to take (open, or the last step's bundles not yet published). */
    public boolean autopilotActive() {
        return autopilotActive;
    }

    public boolean autopilotPaused() {
        return autopilotPaused;
    }

    /** Wire name of the autopilot's last action; null before the first. */
    public String autopilotLastAction() {
        return autopilotLastAction;
    }

    /** Null before the first action. */
    public Instant autopilotLastActionAt() {
        return autopilotLastActionAt;
    }

    /** Why the autopilot's next step is refused; null when nothing holds it. */
    public String autopilotWaitingFor() {
        return autopilotWaitingFor;
    }

    @Converter
    static class StateConverter implements AttributeConverter<RotationState, String> {
        @Override
        public String convertToDatabaseColumn(RotationState s) {
            return s == null ? null : s.wireName();
        }

        @Override
        public RotationState convertToEntityAttribute(String s) {
            return s == null ? null : RotationState.valueOf(s.toUpperCase(Locale.ROOT));
        }
    }

    @Converter
    static class SourceConverter implements AttributeConverter<KeySource, String> {
        @Override
        public String convertToDatabaseColumn(KeySource s) {
            return s == null ? null : s.wireName();
        }

        @Override
        public KeySource convertToEntityAttribute(String s) {
            return s == null ? null : KeySource.valueOf(s.toUpperCase(Locale.ROOT));
        }
    }
}
