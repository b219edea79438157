package dev.pinwheel.pins;

import java.util.Locale;

/**
 * The rules every pin set keeps (RFC 7469 §4.3), one id each, decided in one place
 * ({@link PinSetRules}). Each rule has two public names: {@link #ruleName()} in the {@code rule}
 * member of a {@code pin-set-rule} problem (refusing a pin set change), and {@link #findingCode()}
 * in the publish checks' findings (refusing or warning about a bundle). Both are API: never change
 * them without openapi.yaml and the docs.
 */
public enum PinSetRule {

    /** A pin set has at least one pin. */
    AT_LEAST_ONE_PIN("NO_PINS"),
    /** No pin appears twice. A stored pin set never breaks it, so no publish check reports it. */
    NO_DUPLICATE_PINS(null),
    /** A domain in mode {@code enforce} has at least two pins (a warning only for report mode bundles). */
    ENFORCE_NEEDS_TWO_PINS("TOO_FEW_PINS"),
    /** A domain in mode {@code enforce} has at least one backup pin (a warning only for report mode bundles). */
    ENFORCE_NEEDS_BACKUP("NO_BACKUP_PIN");

    private final String findingCode;

    PinSetRule(String findingCode) {
        this.findingCode = findingCode;
    }

    /** The {@code rule} of a pin-set-rule problem, e.g. {@code enforce-needs-backup}. */
    public String ruleName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The {@code code} of a publish check finding, e.g. {@code NO_BACKUP_PIN}; null when no check reports it. */
    public String findingCode() {
        return findingCode;
    }

    /** Whether the rule applies only to domains in mode {@code enforce}. */
    public boolean enforceOnly() {
        return this == ENFORCE_NEEDS_TWO_PINS || this == ENFORCE_NEEDS_BACKUP;
    }
}
