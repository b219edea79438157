package dev.pinwheel.console.web;

import static dev.pinwheel.console.web.AppsController.blankToNull;

import dev.pinwheel.core.DomainException;
import dev.pinwheel.core.ProblemException;
import dev.pinwheel.pins.Domain;
import dev.pinwheel.pins.PinManagement;
import dev.pinwheel.pins.rotation.RotationManagement;
import dev.pinwheel.pins.rotation.RotationView;
import java.util.ArrayList;
import java.util.List;
import org.springframework.data.domain.PageRequest;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Rotations: every rotation across domains, staging one, and a rotation's page (timeline, what the next
 * step waits for with a countdown, adoption toward the threshold, promote/finish/abort, autopilot pause and
 * resume). Roles as in the API: steps need editor, pause and resume publisher.
 */
@Controller
class RotationsController {

    private static final int MAX_DOMAINS = 500;

    private final RotationManagement rotations;
    private final PinManagement pins;

    RotationsController(RotationManagement rotations, PinManagement pins) {
        this.rotations = rotations;
        this.pins = pins;
    }

    @GetMapping("/console/rotations")
    String list(Model model) {
        List<RotationView> open = new ArrayList<>();
        List<RotationView> closed = new ArrayList<>();
        for (Domain d : pins.domains(null, PageRequest.of(0, MAX_DOMAINS)).getContent()) {
            for (RotationView r : rotations.rotations(d.host())) {
                (r.nextStep() == null ? closed : open).add(r);
            }
        }
        model.addAttribute("open", open);
        model.addAttribute("closed", closed);
        return "console/rotations";
    }

    @PostMapping("/console/domains/{host}/rotations")
    String stage(
            @PathVariable String host,
            @RequestParam(required = false) String certificate,
            @RequestParam(required = false) String csr,
            @RequestParam(required = false) String pin,
            @RequestParam(required = false) String comment,
            @RequestParam(required = false) String autopilot,
            Model model) {
        try {
            RotationView v = rotations.stage(
                    ConsoleParams.host(host),
                    new RotationManagement.StageCommand(
                            blankToNull(certificate),
                            blankToNull(csr),
                            ConsoleParams.pin("pin", pin),
                            null,
                            blankToNull(comment),
                            autopilot != null));
            return "redirect:/console/domains/" + v.host() + "/rotations/" + v.id();
        } catch (ProblemException | DomainException e) {
            model.addAttribute("problem", ProblemView.of(e));
            return "console/refused";
        }
    }

    @GetMapping("/console/domains/{host}/rotations/{id}")
    String rotation(@PathVariable String host, @PathVariable long id, Model model) {
        RotationView r = rotations.rotation(ConsoleParams.host(host), id);
        model.addAttribute("r", r);
        model.addAttribute(
                "adoptionChart",
                Charts.percentBars(
                        "Polls from clients whose bundle pins the new key",
                        r.adoption().stream()
                                .map(a -> new Charts.Bar(a.appId(), a.percent(), true))
                                .toList(),
                        r.adoption().isEmpty()
                                ? null
                                : (double) r.adoption().get(0).requiredPercent()));
        return "console/rotation";
    }

    @PostMapping("/console/domains/{host}/rotations/{id}/promote")
    String promote(
            @PathVariable String host,
            @PathVariable long id,
            @RequestParam(required = false) String force,
            @RequestParam(required = false) String reason,
            Model model) {
        return step(host, id, model, () -> {
            if (force != null && blankToNull(reason) == null) {
                throw ProblemException.invalid(
                        "reason", "is required with force (why promote goes ahead against " + "the adoption evidence)");
            }
            return rotations.promote(ConsoleParams.host(host), id, force != null ? reason : null);
        });
    }

    @PostMapping("/console/domains/{host}/rotations/{id}/finish")
    String finish(@PathVariable String host, @PathVariable long id, Model model) {
        return step(host, id, model, () -> rotations.finish(ConsoleParams.host(host), id));
    }

    @PostMapping("/console/domains/{host}/rotations/{id}/abort")
    String abort(@PathVariable String host, @PathVariable long id, Model model) {
        return step(host, id, model, () -> rotations.abort(ConsoleParams.host(host), id));
    }

    @PostMapping("/console/domains/{host}/rotations/{id}/pause")
    @PreAuthorize("hasRole('PUBLISHER')")
    String pause(@PathVariable String host, @PathVariable long id, Model model) {
        return step(host, id, model, () -> rotations.pauseAutopilot(ConsoleParams.host(host), id));
    }

    @PostMapping("/console/domains/{host}/rotations/{id}/resume")
    @PreAuthorize("hasRole('PUBLISHER')")
    String resume(@PathVariable String host, @PathVariable long id, Model model) {
        return step(host, id, model, () -> rotations.resumeAutopilot(ConsoleParams.host(host), id));
    }

    private String step(String host, long id, Model model, java.util.function.Supplier<RotationView> action) {
        try {
            RotationView v = action.get();
            return "redirect:/console/domains/" + v.host() + "/rotations/" + v.id();
        } catch (ProblemException | DomainException e) {
            model.addAttribute("problem", ProblemView.of(e));
            return rotation(host, id, model);
        }
    }
}
