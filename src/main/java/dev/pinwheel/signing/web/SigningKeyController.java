package dev.pinwheel.signing.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.pinwheel.signing.SigningKeyRotated;
import dev.pinwheel.signing.SigningKeyView;
import dev.pinwheel.signing.SigningKeys;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Signing key admin: list (viewer), rotate (publisher). Never shows private material. */
@RestController
@RequestMapping("/admin/v1/signing-keys")
class SigningKeyController {

    private final SigningKeys keys;

    SigningKeyController(SigningKeys keys) {
        this.keys = keys;
    }

    @GetMapping
    SigningKeyListResponse list() {
        return new SigningKeyListResponse(keys.list().stream().map(SigningKeyResponse::of).toList());
    }

    @PostMapping("/rotate")
    @PreAuthorize("hasRole('PUBLISHER')")
    RotationResponse rotate() {
        SigningKeyRotated r = keys.rotate();
        return new RotationResponse(r.retiredKid(), r.activeKid(), r.nextKid(),
                keys.list().stream().map(SigningKeyResponse::of).toList());
    }

    record SigningKeyListResponse(List<SigningKeyResponse> items) {
    }

    record RotationResponse(String retiredKid, String activeKid, String nextKid, List<SigningKeyResponse> keys) {
    }

    record SigningKeyResponse(String kid, String state, Instant createdAt, Instant activatedAt, Instant retiredAt,
            Map<String, Object> publicJwk) {

        static SigningKeyResponse of(SigningKeyView v) {
            return new SigningKeyResponse(v.kid(), v.state().wireName(), v.createdAt(), v.activatedAt(),
                    v.retiredAt(), v.publicJwk());
        }
    }
}
