package dev.pinwheel.signing.web;

import java.util.List;
import java.util.Map;

import dev.pinwheel.signing.SigningKeys;
import dev.pinwheel.signing.SigningProperties;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/keys}: the JWKS of the active and the next public key. Public, cacheable. */
@RestController
class JwksController {

    static final MediaType JWK_SET = MediaType.parseMediaType("application/jwk-set+json");

    private final SigningKeys keys;
    private final CacheControl cacheControl;

    JwksController(SigningKeys keys, SigningProperties properties) {
        this.keys = keys;
        this.cacheControl = CacheControl.maxAge(properties.jwksMaxAge()).cachePublic();
    }

    @GetMapping(path = "/v1/keys", produces = {"application/jwk-set+json", "application/json"})
    ResponseEntity<Map<String, List<Map<String, Object>>>> jwks() {
        return ResponseEntity.ok().cacheControl(cacheControl).contentType(JWK_SET)
                .body(Map.of("keys", keys.publishedJwks()));
    }
}
