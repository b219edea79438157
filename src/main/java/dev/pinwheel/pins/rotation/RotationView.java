package dev.pinwheel.pins.rotation;

import java.time.Instant;
import java.util.List;

/**
 * A rotation as the API shows it. Pins are in the {@code sha256/...} form.
 *
 * @param newPinPreexisting  whether the new key was already pinned as a backup before staging (then
 *                           staging made no pin set version and abort keeps the key pinned)
 * @param note               what staging or abort did to the pin set beyond the obvious; may be null
 * @param nextStep           {@code promote}, {@code finish}, or null when closed
 * @param nextStepEarliestAt the earliest time the next step is allowed; null when it waits for
 *                           something other than time (see {@code nextStepWaitsFor}) or when closed
 * @param nextStepWaitsFor   what the next step waits for besides time (e.g. a publish, adoption); may be null
 * @param adoption           while staged: for each app carrying the domain, the share of its recent
 *                           polls from clients whose bundle pins the new key, and whether promote
 *                           waits for it; empty otherwise
 */
public record RotationView(long id, String host, String state, String oldPin, String newPin, String newKeySource,
        String comment, String createdBy, Instant stagedAt, int stagedPinSetVersion, Instant promotedAt,
        Integer promotedPinSetVersion, Instant finishedAt, Integer finishedPinSetVersion, Instant abortedAt,
        Integer abortedPinSetVersion, boolean newPinPreexisting, String note, String nextStep, Instant nextStepEarliestAt, String nextStepWaitsFor,
        List<RotationAdoption> adoption) {
}
