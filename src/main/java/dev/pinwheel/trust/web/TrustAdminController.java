package dev.pinwheel.trust.web;

import dev.pinwheel.trust.TrustManagement;
import dev.pinwheel.trust.TrustVerifier;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Trust chain admin: the key-set proposal to endorse (publisher), the endorsed key set (publisher)
 * and new root versions (admin). Bodies are JWS JSON ({@code application/jose+json}).
 */
@RestController
@RequestMapping("/admin/v1/trust")
class TrustAdminController {

    private final TrustManagement trust;

    TrustAdminController(TrustManagement trust) {
        this.trust = trust;
    }

    @GetMapping("/key-set/proposal")
    @PreAuthorize("hasRole('PUBLISHER')")
    ProposalResponse proposal() {
        TrustManagement.Proposal p = trust.proposal();
        return new ProposalResponse(p.payload(), p.decoded());
    }

    @PostMapping(
            path = "/key-set/signatures",
            consumes = {"application/jose+json", "application/json"})
    @PreAuthorize("hasRole('PUBLISHER')")
    @ResponseStatus(HttpStatus.CREATED)
    KeySetResponse keySet(@RequestBody String document) {
        TrustVerifier.KeySet k = trust.addKeySet(document);
        return new KeySetResponse(k.version(), k.rootVersion(), List.copyOf(k.kids()), k.issuedAt(), k.expiresAt());
    }

    @PostMapping(
            path = "/roots",
            consumes = {"application/jose+json", "application/json"})
    @PreAuthorize("hasRole('ADMIN')")
    @ResponseStatus(HttpStatus.CREATED)
    RootResponse root(@RequestBody String document) {
        TrustVerifier.RootVersion r = trust.addRoot(document);
        return new RootResponse(
                r.version(), r.threshold(), List.copyOf(r.keys().keySet()), r.issuedAt(), r.expiresAt());
    }

    record ProposalResponse(String payload, Map<String, Object> decoded) {}

    record KeySetResponse(long version, int rootVersion, List<String> kids, Instant issuedAt, Instant expiresAt) {}

    record RootResponse(int version, int threshold, List<String> kids, Instant issuedAt, Instant expiresAt) {}
}
