package dev.pinwheel.pins;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.pinwheel.core.ProblemException;
import dev.pinwheel.core.ProblemType;

/**
 * The rules every pin set keeps (RFC 7469 §4.3): at least one pin, no pin twice, and a domain in
 * mode {@code enforce} needs at least two pins of which at least one is a {@code backup}, so
 * that losing the served key never locks clients out.
 */
public final class PinSetRules {

    /** Stable names of the rules, given in the {@code rule} member of a pin-set-rule problem. */
    public static final String AT_LEAST_ONE_PIN = "at-least-one-pin";
    public static final String NO_DUPLICATE_PINS = "no-duplicate-pins";
    public static final String ENFORCE_NEEDS_TWO_PINS = "enforce-needs-two-pins";
    public static final String ENFORCE_NEEDS_BACKUP = "enforce-needs-backup";

    private PinSetRules() {
    }

    /**
     * Checks {@code pins} for a domain in {@code mode}.
     *
     * @throws ProblemException of type {@link ProblemType#PIN_SET_RULE} with members {@code rule},
     *         and where one pin is at fault {@code pin} and {@code field}
     */
    public static void check(DomainMode mode, List<Pin> pins) {
        if (pins.isEmpty()) {
            throw broken(AT_LEAST_ONE_PIN, "A pin set needs at least one pin.", null, "pins");
        }
        Map<PinHash, Integer> seen = new HashMap<>();
        for (int i = 0; i < pins.size(); i++) {
            PinHash hash = pins.get(i).hash();
            Integer first = seen.putIfAbsent(hash, i);
            if (first != null) {
                throw broken(NO_DUPLICATE_PINS, "Pin " + hash + " is listed twice (pins[" + first + "] and pins["
                        + i + "]); each pin may appear once.", hash, "pins[" + i + "]");
            }
        }
        if (mode == DomainMode.ENFORCE) {
            if (pins.size() < 2) {
                throw broken(ENFORCE_NEEDS_TWO_PINS, "A domain in mode enforce needs at least 2 pins; got "
                        + pins.size() + " (" + pins.get(0).hash() + ").", pins.get(0).hash(), "pins");
            }
            if (pins.stream().noneMatch(p -> p.role() == PinRole.BACKUP)) {
                throw broken(ENFORCE_NEEDS_BACKUP, "A domain in mode enforce needs at least one backup pin; all "
                        + pins.size() + " pins are primary.", null, "pins");
            }
        }
    }

    private static ProblemException broken(String rule, String detail, PinHash pin, String field) {
        ProblemException e = new ProblemException(ProblemType.PIN_SET_RULE, detail).with("rule", rule);
        if (pin != null) {
            e.with("pin", pin.value());
        }
        return e.with("field", field);
    }
}
