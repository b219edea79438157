package dev.pinwheel.pins.rotation.web;

import dev.pinwheel.core.ProblemException;
import dev.pinwheel.core.Violations;
import dev.pinwheel.pins.HostName;
import dev.pinwheel.pins.PinHash;
import dev.pinwheel.pins.rotation.RotationManagement;
import dev.pinwheel.pins.rotation.RotationView;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /admin/v1/domains/{host}/rotations}: stage, promote, finish, abort (editor), pause and resume
 * the autopilot (publisher) and list (viewer).
 */
@RestController
@RequestMapping("/admin/v1/domains/{host}/rotations")
class RotationController {

    private final RotationManagement rotations;

    RotationController(RotationManagement rotations) {
        this.rotations = rotations;
    }

    /**
     * Exactly one of certificate (PEM chain), csr (PEM) and pin ({@code sha256/...}); autopilot
     * null means false.
     */
    record RotationRequest(
            String certificate, String csr, String pin, String replaces, String comment, Boolean autopilot) {

        /** The command; 400 naming every bad field. */
        RotationManagement.StageCommand command() {
            Violations v = new Violations();
            PinHash key = v.optional("pin", pin, PinHash::parse);
            int given = (certificate != null ? 1 : 0) + (csr != null ? 1 : 0) + (pin != null ? 1 : 0);
            if (given != 1) {
                v.add("certificate", "give exactly one of certificate, csr and pin (got " + given + ")");
            }
            if (comment != null && comment.length() > RotationManagement.StageCommand.MAX_COMMENT) {
                v.add("comment", "must be at most " + RotationManagement.StageCommand.MAX_COMMENT + " characters");
            }
            PinHash replaced = v.optional("replaces", replaces, PinHash::parse);
            v.throwIfAny();
            return new RotationManagement.StageCommand(
                    certificate, csr, key, replaced, comment, Boolean.TRUE.equals(autopilot));
        }
    }

    record RotationList(List<RotationView> rotations) {}

    @PostMapping
    ResponseEntity<RotationView> stage(@PathVariable String host, @RequestBody RotationRequest request) {
        HostName name = host(host);
        RotationView view = rotations.stage(name, request.command());
        return ResponseEntity.created(URI.create("/admin/v1/domains/" + view.host() + "/rotations/" + view.id()))
                .body(view);
    }

    @GetMapping
    RotationList list(@PathVariable String host) {
        return new RotationList(rotations.rotations(host(host)));
    }

    @GetMapping("/{id}")
    RotationView get(@PathVariable String host, @PathVariable long id) {
        return rotations.rotation(host(host), id);
    }

    /** Optional body of promote: {@code force} with a {@code reason} goes ahead against the adoption evidence. */
    record PromoteRequest(Boolean force, String reason) {}

    @PostMapping("/{id}/promote")
    RotationView promote(
            @PathVariable String host, @PathVariable long id, @RequestBody(required = false) PromoteRequest request) {
        boolean force = request != null && Boolean.TRUE.equals(request.force());
        if (request != null && !force && request.reason() != null) {
            throw ProblemException.invalid("force", "must be true when a reason is given");
        }
        if (force && request.reason() == null) {
            throw ProblemException.invalid(
                    "reason", "is required with force (why promote goes ahead against " + "the adoption evidence)");
        }
        return rotations.promote(host(host), id, force ? request.reason() : null);
    }

    @PostMapping("/{id}/finish")
    RotationView finish(@PathVariable String host, @PathVariable long id) {
        return rotations.finish(host(host), id);
    }

    @PostMapping("/{id}/pause")
    @PreAuthorize("hasRole('PUBLISHER')")
    RotationView pause(@PathVariable String host, @PathVariable long id) {
        return rotations.pauseAutopilot(host(host), id);
    }

    @PostMapping("/{id}/resume")
    @PreAuthorize("hasRole('PUBLISHER')")
    RotationView resume(@PathVariable String host, @PathVariable long id) {
        return rotations.resumeAutopilot(host(host), id);
    }

    @PostMapping("/{id}/abort")
    RotationView abort(@PathVariable String host, @PathVariable long id) {
        return rotations.abort(host(host), id);
    }

    private static HostName host(String host) {
        return Violations.single("host", host, HostName::of);
    }
}
