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
 * @param autopilot          the autopilot's state; never null (disabled for a rotation staged without it)
 * @param adoption           while staged: for each app carrying the domain, the share of its recent
 *                           polls from clients whose bundle pins the new key, and whether promote
 *                           waits for it; empty otherwise
 */
public record RotationView(
        long id,
        String host,
        String state,
        String oldPin,
        String newPin,
        String newKeySource,
        String comment,
        String createdBy,
        Instant stagedAt,
        int stagedPinSetVersion,
        Instant promotedAt,
        Integer promotedPinSetVersion,
        Instant finishedAt,
        Integer finishedPinSetVersion,
        Instant abortedAt,
        Integer abortedPinSetVersion,
        boolean newPinPreexisting,
        String note,
        String nextStep,
        Instant nextStepEarliestAt,
        String nextStepWaitsFor,
        Autopilot autopilot,
        List<RotationAdoption> adoption) {

    /**
     * The autopilot of a rotation.
     *
     * @param enabled      whether the rotation was staged with autopilot
     * @param paused       whether an operator paused it
     * @param lastAction   wire name of its last action (see {@link AutopilotAction}); null before the first
     * @param lastActionAt when it took it; null before the first
     * @param waitingFor   why its next step is refused right now (the refusal's own words); null when
     *                     nothing holds it or it is done
     */
    public record Autopilot(
            boolean enabled, boolean paused, String lastAction, Instant lastActionAt, String waitingFor) {}
}
