package dev.pinwheel.console.web;

import dev.pinwheel.bundles.BundleAdoption;
import dev.pinwheel.bundles.BundleManagement;
import dev.pinwheel.bundles.BundleSummary;
import dev.pinwheel.bundles.PublishCommand;
import dev.pinwheel.bundles.PublishOutcome;
import dev.pinwheel.core.DomainException;
import dev.pinwheel.core.ProblemException;
import dev.pinwheel.core.Violations;
import dev.pinwheel.exports.PreloadExports;
import dev.pinwheel.pins.App;
import dev.pinwheel.pins.AppId;
import dev.pinwheel.pins.AppSettings;
import dev.pinwheel.pins.HostName;
import dev.pinwheel.pins.PinManagement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Apps: the list (newest seq, freshness, adoption of the newest seq, expiry), creating one, and an app's page
 * (domains, publish with dry run, bundle history, republish, exports, adoption).
 */
@Controller
class AppsController {

    static final List<String> EXPORTS = List.of("android-nsc", "okhttp", "trustkit", "ios-ats", "hpkp", "bundle");
    private static final int MAX_APPS = 500;

    private final PinManagement pins;
    private final BundleManagement bundles;
    private final BundleAdoption adoption;
    private final PreloadExports exports;

    AppsController(PinManagement pins, BundleManagement bundles, BundleAdoption adoption, PreloadExports exports) {
        this.pins = pins;
        this.bundles = bundles;
        this.adoption = adoption;
        this.exports = exports;
    }

    /** One row of the apps list; the bundle fields are null before the first publish. */
    record AppRow(
            String id,
            String displayName,
            int domains,
            Long newestSeq,
            Instant issuedAt,
            Instant expiresAt,
            long polls,
            double onNewestPercent) {}

    @GetMapping("/console/apps")
    String list(Model model) {
        List<AppRow> rows = new ArrayList<>();
        for (App app : pins.apps(PageRequest.of(0, MAX_APPS)).getContent()) {
            rows.add(row(app));
        }
        model.addAttribute("apps", rows);
        return "console/apps";
    }

    @PostMapping("/console/apps")
    String create(
            @RequestParam String id,
            @RequestParam(required = false) String displayName,
            @RequestParam(required = false) String pollIntervalSeconds,
            @RequestParam(required = false) String promoteAdoptionPercent,
            Model model) {
        try {
            Long percent = number("promoteAdoptionPercent", promoteAdoptionPercent);
            Violations v = new Violations();
            AppId appId = v.required("id", blankToNull(id), AppId::parse);
            AppSettings settings = AppSettings.parse(
                    v,
                    blankToNull(displayName),
                    number("pollIntervalSeconds", pollIntervalSeconds),
                    null,
                    percent == null ? null : (int) Math.max(-1, Math.min(1000, percent)));
            v.throwIfAny();
            App app = pins.createApp(appId, settings);
            return "redirect:/console/apps/" + app.id().value();
        } catch (ProblemException | DomainException e) {
            model.addAttribute("problem", ProblemView.of(e));
            model.addAttribute("formId", id);
            model.addAttribute("formDisplayName", displayName);
            model.addAttribute("formPoll", pollIntervalSeconds);
            model.addAttribute("formPercent", promoteAdoptionPercent);
            return list(model);
        }
    }

    @GetMapping("/console/apps/{appId}")
    String app(@PathVariable String appId, @RequestParam(required = false) Long published, Model model) {
        App app = pins.app(ConsoleParams.appId(appId));
        String id = app.id().value();
        model.addAttribute("app", app);
        model.addAttribute("row", row(app));
        model.addAttribute("pollInterval", adoption.pollInterval(id));
        model.addAttribute("history", bundles.history(id, null, 20));
        model.addAttribute("exports", EXPORTS);
        Instant now = adoption.now();
        BundleAdoption.Shares shares = adoption.shares(id, now.minus(adoption.pollInterval(id)), now);
        model.addAttribute("shares", shares);
        model.addAttribute(
                "adoptionChart",
                Charts.percentBars(
                        "Polls in the last poll interval by bundle held",
                        shares.bySeq().stream()
                                .map(s -> new Charts.Bar(
                                        "seq " + s.seq(),
                                        s.percent(),
                                        shares.newestSeq() != null && s.seq() == shares.newestSeq()))
                                .toList(),
                        null));
        if (published != null) {
            model.addAttribute("notice", "Published bundle seq " + published + ".");
        }
        return "console/app";
    }

    @PostMapping("/console/apps/{appId}/domains")
    String setDomains(@PathVariable String appId, @RequestParam(required = false) String hosts, Model model) {
        try {
            List<String> list = hosts == null
                    ? List.of()
                    : Arrays.stream(hosts.split("[\\s,]+"))
                            .filter(h -> !h.isBlank())
                            .toList();
            AppId id = ConsoleParams.appId(appId);
            Violations v = new Violations();
            List<HostName> hostNames = new java.util.ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                hostNames.add(v.required("hosts[" + i + "]", list.get(i), HostName::of));
            }
            pins.checkAppDomains(hostNames, v);
            v.throwIfAny();
            pins.setAppDomains(id, hostNames);
            return "redirect:/console/apps/" + appId;
        } catch (ProblemException | DomainException e) {
            model.addAttribute("problem", ProblemView.of(e));
            return app(appId, null, model);
        }
    }

    @PostMapping("/console/apps/{appId}/publish")
    @PreAuthorize("hasRole('PUBLISHER')")
    String publish(
            @PathVariable String appId,
            @RequestParam(required = false) String comment,
            @RequestParam(required = false) String dryRun,
            @RequestParam(required = false) String force,
            @RequestParam(required = false) String reason,
            Model model) {
        PublishCommand command =
                new PublishCommand(blankToNull(comment), dryRun != null, force != null, blankToNull(reason));
        try {
            PublishOutcome out = bundles.publish(appId, command);
            if (out.dryRun()) {
                model.addAttribute("dryRun", out);
                return app(appId, null, model);
            }
            return "redirect:/console/apps/" + appId + "?published="
                    + out.bundle().seq();
        } catch (ProblemException | DomainException e) {
            model.addAttribute("problem", ProblemView.of(e));
            return app(appId, null, model);
        }
    }

    @PostMapping("/console/apps/{appId}/bundles/{seq}/republish")
    @PreAuthorize("hasRole('PUBLISHER')")
    String republish(
            @PathVariable String appId,
            @PathVariable long seq,
            @RequestParam(required = false) String comment,
            Model model) {
        try {
            PublishOutcome out =
                    bundles.republish(appId, seq, new PublishCommand(blankToNull(comment), false, false, null));
            return "redirect:/console/apps/" + appId + "?published="
                    + out.bundle().seq();
        } catch (ProblemException | DomainException e) {
            model.addAttribute("problem", ProblemView.of(e));
            return app(appId, null, model);
        }
    }

    /** A preloading export as a download (refusals, e.g. nothing published yet, show as words). */
    @GetMapping("/console/apps/{appId}/exports/{format}")
    ResponseEntity<byte[]> export(@PathVariable String appId, @PathVariable String format) {
        PreloadExports.Export e = exports.export(appId, format);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(e.contentType()))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(e.fileName())
                                .build()
                                .toString())
                .body(e.body());
    }

    private AppRow row(App app) {
        String id = app.id().value();
        List<BundleSummary> newest = bundles.history(id, null, 1);
        BundleSummary b = newest.isEmpty() ? null : newest.get(0);
        Instant now = adoption.now();
        BundleAdoption.Shares s = adoption.shares(id, now.minus(adoption.pollInterval(id)), now);
        return new AppRow(
                id,
                app.displayName(),
                app.hosts().size(),
                b == null ? null : b.seq(),
                b == null ? null : b.issuedAt(),
                b == null ? null : b.expiresAt(),
                s.polls(),
                s.onNewestPercent());
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    static Long number(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Long.valueOf(text.strip());
        } catch (NumberFormatException e) {
            throw ProblemException.invalid(field, "must be a whole number");
        }
    }
}
