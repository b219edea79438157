package dev.pinwheel.console.web;

import static dev.pinwheel.console.web.AppsController.blankToNull;

import dev.pinwheel.audit.AuditLog;
import dev.pinwheel.audit.AuditQuery;
import dev.pinwheel.core.DomainException;
import dev.pinwheel.core.ProblemException;
import dev.pinwheel.pins.PinManagement;
import dev.pinwheel.reports.ReportDay;
import dev.pinwheel.reports.ReportManagement;
import dev.pinwheel.reports.ReportOverview;
import dev.pinwheel.security.NewToken;
import dev.pinwheel.security.TokenManagement;
import dev.pinwheel.signing.SigningKeys;
import dev.pinwheel.trust.PublishedTrust;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The operator's other pages: signing keys and the key set, the audit log with chain verification, an
 * app's pin-failure reports with a chart over time, and tokens (admin only, as in the API).
 */
@Controller
class OperationsController {

    private static final int REPORT_DAYS = 14;

    private final SigningKeys keys;
    private final PublishedTrust trust;
    private final AuditLog audit;
    private final ReportManagement reports;
    private final TokenManagement tokens;
    private final PinManagement pins;

    OperationsController(
            SigningKeys keys,
            PublishedTrust trust,
            AuditLog audit,
            ReportManagement reports,
            TokenManagement tokens,
            PinManagement pins) {
        this.keys = keys;
        this.trust = trust;
        this.audit = audit;
        this.reports = reports;
        this.tokens = tokens;
        this.pins = pins;
    }

    @GetMapping("/console/keys")
    String keys(Model model) {
        model.addAttribute("keys", keys.list());
        model.addAttribute("chain", trust.current().chain());
        return "console/keys";
    }

    @PostMapping("/console/keys/rotate")
    @PreAuthorize("hasRole('PUBLISHER')")
    String rotateKeys(Model model) {
        try {
            keys.rotate();
            return "redirect:/console/keys";
        } catch (ProblemException | DomainException e) {
            model.addAttribute("problem", ProblemView.of(e));
            return keys(model);
        }
    }

    @GetMapping("/console/audit")
    String audit(
            @RequestParam(required = false) String target,
            @RequestParam(required = false) String actor,
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) String verify,
            Model model) {
        int p = page == null ? 0 : Math.max(0, Math.min(1_000_000, page));
        model.addAttribute("target", target);
        model.addAttribute("actor", actor);
        model.addAttribute(
                "events", audit.search(new AuditQuery(blankToNull(target), blankToNull(actor), null, null), p, 50));
        if (verify != null) {
            model.addAttribute("verification", audit.verify());
        }
        return "console/audit";
    }

    @GetMapping("/console/apps/{appId}/reports")
    String reports(
            @PathVariable String appId,
            @RequestParam(required = false) String host,
            @RequestParam(required = false) String from,
            Model model) {
        String id = pins.app(ConsoleParams.appId(appId)).id().value();
        Instant to = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1));
        Instant start = to.minus(Duration.ofDays(REPORT_DAYS));
        if (from != null && !from.isBlank()) {
            try {
                start = LocalDate.parse(from.strip())
                        .atStartOfDay(ZoneOffset.UTC)
                        .toInstant();
            } catch (DateTimeParseException e) {
                throw ProblemException.invalid("from", "must be a date such as 2026-01-31");
            }
        }
        ReportOverview overview = reports.overview(id, blankToNull(host), start, null);
        model.addAttribute("appId", id);
        model.addAttribute("host", host);
        model.addAttribute("overview", overview);
        LocalDate today = LocalDate.ofInstant(to.minus(Duration.ofDays(1)), ZoneOffset.UTC);
        LocalDate firstDay = LocalDate.ofInstant(start, ZoneOffset.UTC);
        if (firstDay.isBefore(today.minusDays(365))) {
            firstDay = today.minusDays(365);
        }
        List<ReportDay> days = reports.timeline(id, blankToNull(host), firstDay, today);
        model.addAttribute("days", days);
        model.addAttribute(
                "chart",
                Charts.stacked(
                        "Reports per day by what they most likely mean",
                        days.stream()
                                .map(d -> new Charts.Stack(
                                        d.day().toString().substring(5),
                                        d.byClassification().entrySet().stream()
                                                .map(e -> new Charts.Segment(
                                                        ConsoleFormat.words(e.getKey()),
                                                        "seg-" + ConsoleFormat.slug(e.getKey()),
                                                        e.getValue()))
                                                .toList()))
                                .toList()));
        return "console/reports";
    }

    @GetMapping("/console/tokens")
    @PreAuthorize("hasRole('ADMIN')")
    String tokens(Model model) {
        model.addAttribute("tokens", tokens.list());
        return "console/tokens";
    }

    @PostMapping("/console/tokens")
    @PreAuthorize("hasRole('ADMIN')")
    String createToken(
            @RequestParam(required = false) String name,
            @RequestParam(required = false) String role,
            @RequestParam(required = false) String expiresAt,
            HttpServletResponse response,
            Model model) {
        try {
            Instant expires = null;
            if (expiresAt != null && !expiresAt.isBlank()) {
                try {
                    expires = LocalDate.parse(expiresAt.strip())
                            .atStartOfDay(ZoneOffset.UTC)
                            .toInstant();
                } catch (DateTimeParseException e) {
                    throw ProblemException.invalid("expiresAt", "must be a date such as 2026-12-31");
                }
            }
            NewToken created = tokens.create(blankToNull(name), blankToNull(role), expires);
            // shown once, on this response only, which no cache may keep
            response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
            model.addAttribute("created", created.token());
            model.addAttribute("secret", created.secret());
        } catch (ProblemException | DomainException e) {
            model.addAttribute("problem", ProblemView.of(e));
            model.addAttribute("formName", name);
        }
        return tokens(model);
    }

    @PostMapping("/console/tokens/{id}/revoke")
    @PreAuthorize("hasRole('ADMIN')")
    String revokeToken(@PathVariable long id, Model model) {
        try {
            tokens.revoke(id);
            return "redirect:/console/tokens";
        } catch (ProblemException | DomainException e) {
            model.addAttribute("problem", ProblemView.of(e));
            return tokens(model);
        }
    }
}
