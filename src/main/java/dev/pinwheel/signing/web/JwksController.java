package dev.pinwheel.signing.web;

import dev.pinwheel.core.web.EntityTags;
import dev.pinwheel.signing.PublishedJwks;
import dev.pinwheel.signing.SigningProperties;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/keys}: the JWKS of the active and the next public key. Public, cacheable, served
 * from memory ({@link PublishedJwks}) with a strong ETag; a matching {@code If-None-Match} answers
 * 304 without a body.
 */
@RestController
class JwksController {

    static final MediaType JWK_SET = MediaType.parseMediaType("application/jwk-set+json");

    private final PublishedJwks jwks;
    private final CacheControl cacheControl;

    JwksController(PublishedJwks jwks, SigningProperties properties) {
        this.jwks = jwks;
        this.cacheControl = CacheControl.maxAge(properties.jwksMaxAge()).cachePublic();
    }

    @GetMapping(
            path = "/v1/keys",
            produces = {"application/jwk-set+json", "application/json"})
    ResponseEntity<byte[]> jwks(@RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        PublishedJwks.Rendered r = jwks.current();
        return EntityTags.answer(r.body(), r.etag(), JWK_SET, cacheControl, ifNoneMatch);
    }
}
