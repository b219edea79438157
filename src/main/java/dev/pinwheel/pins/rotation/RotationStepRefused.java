package dev.pinwheel.pins.rotation;

import dev.pinwheel.core.DomainException;

/** A rotation step that the rotation's state does not allow (a step out of order, a closed rotation). */
public class RotationStepRefused extends DomainException {

    private final RotationState state;

    /** @param state the rotation's state; null when the refusal is about the pin set, not the state */
    public RotationStepRefused(RotationState state, String message) {
        super(message);
        this.state = state;
    }

    /** May be null. */
    public RotationState state() {
        return state;
    }
}
