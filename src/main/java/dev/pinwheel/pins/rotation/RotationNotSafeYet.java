package dev.pinwheel.pins.rotation;

import dev.pinwheel.core.DomainException;
import dev.pinwheel.pins.PinHash;
import java.time.Instant;
import java.util.List;

/**
 * A rotation step that clients or the host are not ready for yet. Exactly one piece of evidence
 * says why; the others are null.
 */
public class RotationNotSafeYet extends DomainException {

    private final Instant safeAfter;
    private final List<String> unpublishedApps;
    private final List<RotationAdoption> adoption;
    private final PinHash servedPin;
    private final String liveCheckFailure;

    private RotationNotSafeYet(
            String message,
            Instant safeAfter,
            List<String> unpublishedApps,
            List<RotationAdoption> adoption,
            PinHash servedPin,
            String liveCheckFailure) {
        super(message);
        this.safeAfter = safeAfter;
        this.unpublishedApps = unpublishedApps == null ? null : List.copyOf(unpublishedApps);
        this.adoption = adoption == null ? null : List.copyOf(adoption);
        this.servedPin = servedPin;
        this.liveCheckFailure = liveCheckFailure;
    }

    /** Not before {@code safeAfter}. */
    static RotationNotSafeYet before(Instant safeAfter, String message) {
        return new RotationNotSafeYet(message, safeAfter, null, null, null, null);
    }

    /** The newest bundle of these apps does not pin the new key. */
    static RotationNotSafeYet unpublished(List<String> apps, String message) {
        return new RotationNotSafeYet(message, null, apps, null, null, null);
    }

    /** Too few recent polls come from clients pinning the new key. */
    static RotationNotSafeYet adoptionShort(List<RotationAdoption> figures, String message) {
        return new RotationNotSafeYet(message, null, null, figures, null, null);
    }

    /** The host still serves this (old) key. */
    static RotationNotSafeYet stillServed(PinHash served, String message) {
        return new RotationNotSafeYet(message, null, null, null, served, null);
    }

    /** The live check could not tell what the host serves. */
    static RotationNotSafeYet liveCheckFailed(String failure, String message) {
        return new RotationNotSafeYet(message, null, null, null, null, failure);
    }

    /** When the step becomes safe by time; null when time is not the reason. */
    public Instant safeAfter() {
        return safeAfter;
    }

    /** Apps that must publish a bundle pinning the new key first; null when not the reason. */
    public List<String> unpublishedApps() {
        return unpublishedApps;
    }

    /** The adoption figures of the apps short of their threshold; null when not the reason. */
    public List<RotationAdoption> adoption() {
        return adoption;
    }

    /** The key the host still serves; null when not the reason. */
    public PinHash servedPin() {
        return servedPin;
    }

    /** Why the live check failed; null when not the reason. */
    public String liveCheckFailure() {
        return liveCheckFailure;
    }
}
