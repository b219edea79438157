package dev.pinwheel.trust.web;

import dev.pinwheel.core.ProblemException;
import dev.pinwheel.core.web.EntityTags;
import dev.pinwheel.trust.PublishedTrust;
import dev.pinwheel.trust.TrustProperties;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public trust documents: every root version and the served key set, exactly as signed, served
 * from memory ({@link PublishedTrust}) with a strong ETag; a matching {@code If-None-Match} answers 304.
 */
@RestController
class TrustController {

    static final MediaType JOSE_JSON = MediaType.parseMediaType("application/jose+json");

    private final PublishedTrust trust;
    private final CacheControl cacheControl;

    TrustController(PublishedTrust trust, TrustProperties properties) {
        this.trust = trust;
        this.cacheControl = CacheControl.maxAge(properties.maxAge()).cachePublic();
    }

    @GetMapping(
            path = "/v1/trust/roots/latest",
            produces = {"application/jose+json", "application/json"})
    ResponseEntity<byte[]> latestRoot(
            @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        PublishedTrust.Rendered r = trust.current().latestRoot();
        if (r == null) {
            throw ProblemException.notFound("There is no root version yet.");
        }
        return answer(r, ifNoneMatch);
    }

    @GetMapping(
            path = "/v1/trust/roots/{version}",
            produces = {"application/jose+json", "application/json"})
    ResponseEntity<byte[]> root(
            @PathVariable String version,
            @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        int n;
        try {
            n = Integer.parseInt(version);
        } catch (NumberFormatException e) {
            throw ProblemException.invalid("version", "must be a positive integer or latest");
        }
        if (n < 1) {
            throw ProblemException.invalid("version", "must be a positive integer or latest");
        }
        PublishedTrust.Rendered r = trust.current().roots().get(n);
        if (r == null) {
            throw ProblemException.notFound("There is no root version " + n + ".");
        }
        return answer(r, ifNoneMatch);
    }

    @GetMapping(
            path = "/v1/trust/key-set",
            produces = {"application/jose+json", "application/json"})
    ResponseEntity<byte[]> keySet(
            @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        PublishedTrust.Rendered r = trust.current().keySet();
        if (r == null) {
            throw ProblemException.notFound(
                    "There is no key set yet: the root keys have not endorsed any signing key.");
        }
        return answer(r, ifNoneMatch);
    }

    private ResponseEntity<byte[]> answer(PublishedTrust.Rendered r, String ifNoneMatch) {
        return EntityTags.answer(r.body(), r.etag(), JOSE_JSON, cacheControl, ifNoneMatch);
    }
}
