package dev.pinwheel.pins;

import java.util.Objects;

/**
 * A pin set change was refused because the result would break a {@link PinSetRule}.
 *
 * @see PinSetRules
 */
public class PinSetRuleBroken extends dev.pinwheel.core.DomainException {

    private final PinSetRule rule;
    private final PinHash pin;
    private final String field;

    /**
     * @param pin   the pin at fault, null when the set as a whole is
     * @param field where in the pin list the fault is ({@code pins} or {@code pins[i]}), null when not one place
     */
    public PinSetRuleBroken(PinSetRule rule, String message, PinHash pin, String field) {
        super(message);
        this.rule = Objects.requireNonNull(rule, "rule");
        this.pin = pin;
        this.field = field;
    }

    public PinSetRule rule() {
        return rule;
    }

    /** May be null. */
    public PinHash pin() {
        return pin;
    }

    /** May be null. */
    public String field() {
        return field;
    }
}
