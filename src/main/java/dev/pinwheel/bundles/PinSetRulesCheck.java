package dev.pinwheel.bundles;

import java.util.ArrayList;
import java.util.List;

import dev.pinwheel.pins.DomainMode;
import dev.pinwheel.pins.PinCatalog;
import dev.pinwheel.pins.PinRole;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The pin set rules (RFC 7469 §4.3): a bundle carries at least one domain, every domain has pins,
 * an enforced domain has at least two pins and at least one backup. For report-only domains the
 * last two are warnings.
 */
@Component
@Order(0)
public class PinSetRulesCheck implements BundleCheck {

    public static final String NO_DOMAINS = "NO_DOMAINS";
    public static final String NO_PINS = "NO_PINS";
    public static final String TOO_FEW_PINS = "TOO_FEW_PINS";
    public static final String NO_BACKUP_PIN = "NO_BACKUP_PIN";

    @Override
    public List<Finding> check(BundleCandidate candidate) {
        List<Finding> findings = new ArrayList<>();
        if (candidate.domains().isEmpty()) {
            findings.add(Finding.error(NO_DOMAINS, null,
                    "App " + candidate.appId() + " carries no domains; add a domain before publishing."));
            return findings;
        }
        for (PinCatalog.DomainPins d : candidate.domains()) {
            boolean enforce = d.mode() == DomainMode.ENFORCE;
            if (d.pins().isEmpty()) {
                findings.add(Finding.error(NO_PINS, d.host(), "Domain " + d.host() + " has no pins."));
                continue;
            }
            if (d.pins().size() < 2) {
                String msg = "Domain " + d.host() + " has " + d.pins().size()
                        + " pin; at least two (one of them a backup) are required.";
                findings.add(enforce ? Finding.error(TOO_FEW_PINS, d.host(), msg)
                        : Finding.warning(TOO_FEW_PINS, d.host(), msg));
            }
            if (d.pins().stream().noneMatch(p -> p.role() == PinRole.BACKUP)) {
                String msg = "Domain " + d.host() + " has no backup pin; pin a key that is not served yet.";
                findings.add(enforce ? Finding.error(NO_BACKUP_PIN, d.host(), msg)
                        : Finding.warning(NO_BACKUP_PIN, d.host(), msg));
            }
        }
        return findings;
    }
}
