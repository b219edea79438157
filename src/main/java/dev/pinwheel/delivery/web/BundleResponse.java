package dev.pinwheel.delivery.web;

import dev.pinwheel.delivery.DeliveryMetrics;
import dev.pinwheel.delivery.ServedBundle;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Writes a served bundle: pre-computed {@code ETag}, {@code Cache-Control}, {@code Last-Modified};
 * 304 without a body on a matching {@code If-None-Match}; the JWS bytes (headers and body in one
 * write) for GET, none for HEAD. The one response of both delivery paths (filter and controller).
 * Every poll is counted by the bundle the client holds (adoption).
 */
final class BundleResponse {

    private static final String CONTENT_TYPE = "application/jose";

    private BundleResponse() {}

    static void write(
            ServedBundle b,
            DeliveryMetrics.AppCounters counters,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        String ifNoneMatch = request.getHeader("If-None-Match");
        counters.polls().count(ifNoneMatch);
        response.setHeader("ETag", b.etag());
        response.setHeader("Cache-Control", b.cacheControl());
        response.setHeader("Last-Modified", b.lastModified());
        if (b.matches(ifNoneMatch)) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            counters.notModified().increment();
            return;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        counters.ok().increment();
        response.setContentType(CONTENT_TYPE);
        response.setContentLength(b.body().length);
        if (!"HEAD".equals(request.getMethod())) {
            byte[] body = b.body();
            if (body.length > response.getBufferSize()) {
                response.setBufferSize(body.length); // one write of headers and body, not two
            }
            response.getOutputStream().write(body);
        }
    }
}
