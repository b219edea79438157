package dev.pinwheel.delivery.web;

import java.io.IOException;

import dev.pinwheel.core.ProblemException;
import dev.pinwheel.delivery.BundleCache;
import dev.pinwheel.delivery.ServedBundle;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/apps/{appId}/bundle} (and HEAD): the newest signed bundle from memory, no
 * database access. Every header value is pre-computed; the body is the stored JWS bytes.
 */
@RestController
class BundleDeliveryController {

    private static final String CONTENT_TYPE = "application/jose";

    private final BundleCache cache;

    BundleDeliveryController(BundleCache cache) {
        this.cache = cache;
    }

    @RequestMapping(path = "/v1/apps/{appId}/bundle", method = {RequestMethod.GET, RequestMethod.HEAD})
    void bundle(@PathVariable String appId, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        ServedBundle b = cache.get(appId).orElseThrow(() -> ProblemException.notFound(
                "No bundle has been published for this app."));
        response.setHeader("ETag", b.etag());
        response.setHeader("Cache-Control", b.cacheControl());
        response.setHeader("Last-Modified", b.lastModified());
        if (b.matches(request.getHeader("If-None-Match"))) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(CONTENT_TYPE);
        response.setHeader("Content-Length", b.contentLength());
        if (!"HEAD".equals(request.getMethod())) {
            response.getOutputStream().write(b.body());
        }
    }
}
