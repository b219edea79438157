package dev.pinwheel.bundles;

import dev.pinwheel.pins.DomainMode;
import dev.pinwheel.pins.PinCatalog;
import dev.pinwheel.pins.PinSetRule;
import dev.pinwheel.pins.PinSetRules;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The pin set rules (RFC 7469 §4.3, decided by {@link PinSetRules}) on a bundle: it carries at
 * least one domain, every domain has pins, an enforced domain has at least two pins and at least
 * one backup. For report-only domains the last two are warnings. Finding codes are the rules'
 * {@link PinSetRule#findingCode()}s.
 */
@Component
@Order(0)
public class PinSetRulesCheck implements BundleCheck {

    public static final String NO_DOMAINS = "NO_DOMAINS";
    public static final String NO_PINS = PinSetRule.AT_LEAST_ONE_PIN.findingCode();
    public static final String TOO_FEW_PINS = PinSetRule.ENFORCE_NEEDS_TWO_PINS.findingCode();
    public static final String NO_BACKUP_PIN = PinSetRule.ENFORCE_NEEDS_BACKUP.findingCode();

    @Override
    public List<Finding> check(BundleCandidate candidate) {
        List<Finding> findings = new ArrayList<>();
        if (candidate.domains().isEmpty()) {
            findings.add(Finding.error(
                    NO_DOMAINS,
                    null,
                    "App " + candidate.appId() + " carries no domains; add a domain before publishing."));
            return findings;
        }
        for (PinCatalog.DomainPins d : candidate.domains()) {
            boolean enforce = d.mode() == DomainMode.ENFORCE;
            for (PinSetRule rule : PinSetRules.broken(d.pins())) {
                String message = switch (rule) {
                    case AT_LEAST_ONE_PIN -> "Domain " + d.host() + " has no pins.";
                    case ENFORCE_NEEDS_TWO_PINS ->
                        "Domain " + d.host() + " has " + d.pins().size()
                                + " pin; at least two (one of them a backup) are required.";
                    case ENFORCE_NEEDS_BACKUP ->
                        "Domain " + d.host() + " has no backup pin; pin a key that is not served yet.";
                    case NO_DUPLICATE_PINS -> null;
                };
                if (message == null) {
                    continue;
                }
                boolean error = enforce || !rule.enforceOnly();
                findings.add(
                        error
                                ? Finding.error(rule.findingCode(), d.host(), message)
                                : Finding.warning(rule.findingCode(), d.host(), message));
            }
        }
        return findings;
    }
}
