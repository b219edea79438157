package dev.pinwheel.console.web;

import static dev.pinwheel.console.web.AppsController.blankToNull;

import dev.pinwheel.core.DomainException;
import dev.pinwheel.core.ProblemException;
import dev.pinwheel.core.Violations;
import dev.pinwheel.pins.Domain;
import dev.pinwheel.pins.DomainMode;
import dev.pinwheel.pins.HostName;
import dev.pinwheel.pins.Pin;
import dev.pinwheel.pins.PinManagement;
import dev.pinwheel.pins.PinSetDiff;
import dev.pinwheel.pins.PinSetVersion;
import dev.pinwheel.pins.certificates.CertificateManagement;
import dev.pinwheel.pins.discovery.LiveCheck;
import dev.pinwheel.pins.discovery.TlsProbe;
import dev.pinwheel.pins.rotation.RotationManagement;
import dev.pinwheel.watch.Watch;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Domains: the list, creating one, and a domain's page: its pin set and versions (with a diff), setting
 * pins, certificates with expiry, the live check, discovery, the keys the watch saw served and its rotations.
 */
@Controller
class DomainsController {

    private static final int MAX_DOMAINS = 500;
    private static final int EMPTY_PIN_ROWS = 2;

    private final PinManagement pins;
    private final CertificateManagement certificates;
    private final LiveCheck liveCheck;
    private final TlsProbe probe;
    private final Watch watch;
    private final RotationManagement rotations;

    DomainsController(
            PinManagement pins,
            CertificateManagement certificates,
            LiveCheck liveCheck,
            TlsProbe probe,
            Watch watch,
            RotationManagement rotations) {
        this.pins = pins;
        this.certificates = certificates;
        this.liveCheck = liveCheck;
        this.probe = probe;
        this.watch = watch;
        this.rotations = rotations;
    }

    /** One row of the pin form: a pin's hash, role and label (empty rows add pins). */
    record PinRow(String sha256, String role, String label) {}

    @GetMapping("/console/domains")
    String list(Model model) {
        List<Domain> domains =
                pins.domains(null, PageRequest.of(0, MAX_DOMAINS)).getContent();
        model.addAttribute("domains", domains);
        return "console/domains";
    }

    @PostMapping("/console/domains")
    String create(
            @RequestParam(required = false) String host,
            @RequestParam(required = false) String mode,
            @RequestParam(required = false) String includeSubdomains,
            Model model) {
        try {
            Violations v = new Violations();
            HostName name = v.required("host", blankToNull(host), HostName::of);
            DomainMode m = v.oneOf("mode", blankToNull(mode), DomainMode.class);
            v.throwIfAny();
            Domain d = pins.createDomain(name, includeSubdomains != null, m);
            return "redirect:/console/domains/" + d.host().value();
        } catch (ProblemException | DomainException e) {
            model.addAttribute("problem", ProblemView.of(e));
            model.addAttribute("formHost", host);
            return list(model);
        }
    }

    @GetMapping("/console/domains/{host}")
    String domain(
            @PathVariable String host,
            @RequestParam(required = false) Integer from,
            @RequestParam(required = false) Integer to,
            Model model) {
        Domain d = pins.domain(ConsoleParams.host(host));
        HostName h = d.host();
        model.addAttribute("domain", d);
        model.addAttribute("apps", pins.appsCarrying(d));
        PinSetVersion current = d.currentVersion() == 0 ? null : pins.currentPinSet(h);
        model.addAttribute("current", current);
        if (!model.containsAttribute("pinRows")) {
            List<PinRow> rows = new ArrayList<>();
            if (current != null) {
                current.pins()
                        .forEach(p ->
                                rows.add(new PinRow(p.hash().value(), p.role().wireName(), p.label())));
            }
            for (int i = 0; i < EMPTY_PIN_ROWS; i++) {
                rows.add(new PinRow("", rows.isEmpty() ? "primary" : "backup", ""));
            }
            model.addAttribute("pinRows", rows);
        }
        model.addAttribute(
                "versions",
                current == null
                        ? List.of()
                        : pins.pinSetVersions(h, PageRequest.of(0, 20)).getContent());
        if (current != null && current.version() > 1) {
            int b = to == null ? current.version() : to;
            int a = from == null ? b - 1 : from;
            PinSetDiff diff = pins.diff(h, a, b);
            model.addAttribute("diff", diff);
        }
        model.addAttribute("certificates", certificates.forDomain(h));
        model.addAttribute("liveCheck", liveCheck.setting(h));
        model.addAttribute("observations", watch.history(h, null, 10).observations());
        model.addAttribute("rotations", rotations.rotations(h));
        return "console/domain";
    }

    @PostMapping("/console/domains/{host}/pin-set")
    String setPins(
            @PathVariable String host,
            @RequestParam(required = false) Integer expectedVersion,
            @RequestParam(required = false) String comment,
            HttpServletRequest request,
            Model model) {
        List<PinRow> rows = rows(request);
        List<PinRow> filled = rows.stream()
                .filter(r -> !r.sha256().isBlank() || !r.label().isBlank())
                .toList();
        try {
            HostName name = ConsoleParams.host(host);
            Violations v = new Violations();
            List<Pin> inputs = new ArrayList<>();
            for (int i = 0; i < filled.size(); i++) {
                PinRow r = filled.get(i);
                inputs.add(Pin.parse(v, "pins[" + i + "]", r.sha256().strip(), null, r.role(), blankToNull(r.label())));
            }
            if (expectedVersion == null) {
                v.add("expectedVersion", "is required");
            }
            v.throwIfAny();
            pins.replacePinSet(name, expectedVersion, inputs, blankToNull(comment));
            return "redirect:/console/domains/" + host + "#pins";
        } catch (ProblemException | DomainException e) {
            model.addAttribute("problem", ProblemView.of(e));
            List<PinRow> shown = new ArrayList<>(rows);
            shown.add(new PinRow("", "backup", ""));
            model.addAttribute("pinRows", shown);
            return domain(host, null, null, model);
        }
    }

    @PostMapping("/console/domains/{host}/certificates")
    String upload(@PathVariable String host, @RequestParam(required = false) String pem, Model model) {
        try {
            certificates.upload(ConsoleParams.host(host), pem == null ? "" : pem);
            return "redirect:/console/domains/" + host + "#certificates";
        } catch (ProblemException | DomainException e) {
            model.addAttribute("problem", ProblemView.of(e));
            return domain(host, null, null, model);
        }
    }

    @PostMapping("/console/domains/{host}/live-check")
    String configureLiveCheck(
            @PathVariable String host,
            @RequestParam(required = false) String enabled,
            @RequestParam(required = false) String port,
            Model model) {
        try {
            Long p = AppsController.number("port", port);
            liveCheck.configure(
                    ConsoleParams.host(host),
                    enabled != null,
                    p == null ? null : (int) Math.max(-1, Math.min(70_000, p)));
            return "redirect:/console/domains/" + host + "#live-check";
        } catch (ProblemException | DomainException e) {
            model.addAttribute("problem", ProblemView.of(e));
            return domain(host, null, null, model);
        }
    }

    @PostMapping("/console/domains/{host}/discover")
    String discover(@PathVariable String host, @RequestParam(required = false) String port, Model model) {
        try {
            Long p = AppsController.number("port", port);
            Domain d = pins.domain(ConsoleParams.host(host));
            model.addAttribute(
                    "discovery",
                    probe.probe(d.host().value(), p == null ? 443 : (int) Math.max(-1, Math.min(70_000, p)), null));
        } catch (ProblemException | DomainException e) {
            model.addAttribute("problem", ProblemView.of(e));
        }
        return domain(host, null, null, model);
    }

    /** The pin rows of the form, in order: parallel {@code sha256}, {@code role}, {@code label} fields. */
    private static List<PinRow> rows(HttpServletRequest request) {
        String[] hashes = values(request, "sha256");
        String[] roles = values(request, "role");
        String[] labels = values(request, "label");
        int n = Math.min(PinManagement.MAX_PINS + EMPTY_PIN_ROWS, hashes.length);
        List<PinRow> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new PinRow(
                    hashes[i] == null ? "" : hashes[i],
                    i < roles.length ? roles[i] : null,
                    i < labels.length && labels[i] != null ? labels[i] : ""));
        }
        return rows;
    }

    private static String[] values(HttpServletRequest request, String name) {
        String[] v = request.getParameterValues(name);
        return v == null ? new String[0] : v;
    }
}
