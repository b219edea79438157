package dev.pinwheel.security.web;

import dev.pinwheel.security.ApiToken;
import dev.pinwheel.security.NewToken;
import dev.pinwheel.security.TokenManagement;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Token administration; every endpoint needs the admin role. Secrets appear only in the create response. */
@RestController
@RequestMapping(path = "/admin/v1/tokens", produces = "application/json")
class TokenController {

    private final TokenManagement tokens;

    TokenController(TokenManagement tokens) {
        this.tokens = tokens;
    }

    @PostMapping(consumes = "application/json")
    @PreAuthorize("hasRole('ADMIN')")
    ResponseEntity<CreatedTokenResponse> create(@RequestBody TokenRequest request) {
        NewToken created = tokens.create(request.name(), request.role(), request.expiresAt());
        ApiToken t = created.token();
        return ResponseEntity.created(URI.create("/admin/v1/tokens/" + t.id()))
                .header("Cache-Control", "no-store")
                .body(new CreatedTokenResponse(
                        t.id(),
                        t.name(),
                        t.role().wireName(),
                        t.createdAt(),
                        t.createdBy(),
                        t.expiresAt(),
                        created.secret()));
    }

    @GetMapping
    @PreAuthorize("hasRole('ADMIN')")
    List<TokenResponse> list() {
        return tokens.list().stream().map(TokenResponse::of).toList();
    }

    @DeleteMapping("/{id}")
    @PreAuthorize("hasRole('ADMIN')")
    ResponseEntity<Void> revoke(@PathVariable long id) {
        tokens.revoke(id);
        return ResponseEntity.noContent().build();
    }
}
