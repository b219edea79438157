package dev.pinwheel.pins;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides the {@link PinSetRule}s (RFC 7469 §4.3): at least one pin, no pin twice, and a domain
 * in mode {@code enforce} needs at least two pins of which at least one is a {@code backup}, so
 * that losing the served key never locks clients out. The pin set aggregate ({@link Domain}) and
 * the publish checks both ask here.
 */
public final class PinSetRules {

    private PinSetRules() {}

    /**
     * Every rule the pins break, whatever the mode, in the order of {@link PinSetRule}. The
     * enforce-only rules are not reported for an empty list.
     */
    public static List<PinSetRule> broken(List<? extends PinnedKey> pins) {
        List<PinSetRule> out = new ArrayList<>();
        if (pins.isEmpty()) {
            out.add(PinSetRule.AT_LEAST_ONE_PIN);
            return out;
        }
        Set<PinHash> seen = new HashSet<>();
        if (pins.stream().anyMatch(p -> !seen.add(p.hash()))) {
            out.add(PinSetRule.NO_DUPLICATE_PINS);
        }
        if (pins.size() < 2) {
            out.add(PinSetRule.ENFORCE_NEEDS_TWO_PINS);
        }
        if (pins.stream().noneMatch(p -> p.role() == PinRole.BACKUP)) {
            out.add(PinSetRule.ENFORCE_NEEDS_BACKUP);
        }
        return out;
    }

    /**
     * Checks {@code pins} for a domain in {@code mode}.
     *
     * @throws PinSetRuleBroken naming the first rule broken, and where one pin is at fault that pin
     */
    public static void check(DomainMode mode, List<? extends PinnedKey> pins) {
        for (PinSetRule rule : broken(pins)) {
            if (rule.enforceOnly() && mode != DomainMode.ENFORCE) {
                continue;
            }
            throw switch (rule) {
                case AT_LEAST_ONE_PIN -> new PinSetRuleBroken(rule, "A pin set needs at least one pin.", null, "pins");
                case NO_DUPLICATE_PINS -> duplicate(pins);
                case ENFORCE_NEEDS_TWO_PINS ->
                    new PinSetRuleBroken(
                            rule,
                            "A domain in mode enforce needs at least 2 " + "pins; got " + pins.size() + " ("
                                    + pins.get(0).hash() + ").",
                            pins.get(0).hash(),
                            "pins");
                case ENFORCE_NEEDS_BACKUP ->
                    new PinSetRuleBroken(
                            rule,
                            "A domain in mode enforce needs at least one " + "backup pin; all " + pins.size()
                                    + " pins are primary.",
                            null,
                            "pins");
            };
        }
    }

    private static PinSetRuleBroken duplicate(List<? extends PinnedKey> pins) {
        Map<PinHash, Integer> seen = new HashMap<>();
        for (int i = 0; i < pins.size(); i++) {
            PinHash hash = pins.get(i).hash();
            Integer first = seen.putIfAbsent(hash, i);
            if (first != null) {
                return new PinSetRuleBroken(
                        PinSetRule.NO_DUPLICATE_PINS,
                        "Pin " + hash + " is listed twice (pins[" + first + "] and pins[" + i
                                + "]); each pin may appear once.",
                        hash,
                        "pins[" + i + "]");
            }
        }
        throw new IllegalStateException("no duplicate");
    }
}
