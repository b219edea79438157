package dev.pinwheel.signing.web;

import dev.pinwheel.signing.SigningKeyRolledBack;
import dev.pinwheel.signing.SigningKeyRotated;
import dev.pinwheel.signing.SigningKeyView;
import dev.pinwheel.signing.SigningKeys;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Signing key admin: list (viewer), rotate (publisher), roll back a rotation (admin). Never shows private material. */
@RestController
@RequestMapping("/admin/v1/signing-keys")
class SigningKeyController {

    private final SigningKeys keys;

    SigningKeyController(SigningKeys keys) {
        this.keys = keys;
    }

    @GetMapping
    SigningKeyListResponse list() {
        return new SigningKeyListResponse(
                keys.list().stream().map(SigningKeyResponse::of).toList());
    }

    @PostMapping("/rotate")
    @PreAuthorize("hasRole('PUBLISHER')")
    RotationResponse rotate() {
        SigningKeyRotated r = keys.rotate();
        return new RotationResponse(
                r.retiredKid(),
                r.activeKid(),
                r.nextKid(),
                keys.list().stream().map(SigningKeyResponse::of).toList());
    }

    @PostMapping("/rollback")
    @PreAuthorize("hasRole('ADMIN')")
    RollbackResponse rollback(@RequestBody RollbackRequest request) {
        SigningKeyRolledBack r = keys.rollback(request == null ? null : request.reason());
        return new RollbackResponse(
                r.reinstatedKid(),
                r.demotedKid(),
                r.discardedKid(),
                r.reason(),
                keys.list().stream().map(SigningKeyResponse::of).toList());
    }

    record RollbackRequest(String reason) {}

    record RollbackResponse(
            String activeKid, String nextKid, String discardedKid, String reason, List<SigningKeyResponse> keys) {}

    record SigningKeyListResponse(List<SigningKeyResponse> items) {}

    record RotationResponse(String retiredKid, String activeKid, String nextKid, List<SigningKeyResponse> keys) {}

    record SigningKeyResponse(
            String kid,
            String state,
            Instant createdAt,
            Instant activatedAt,
            Instant retiredAt,
            Instant rollbackUntil,
            Map<String, Object> publicJwk) {

        static SigningKeyResponse of(SigningKeyView v) {
            return new SigningKeyResponse(
                    v.kid(),
                    v.state().wireName(),
                    v.createdAt(),
                    v.activatedAt(),
                    v.retiredAt(),
                    v.rollbackUntil(),
                    v.publicJwk());
        }
    }
}
