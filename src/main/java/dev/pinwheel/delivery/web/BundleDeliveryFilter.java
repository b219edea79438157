package dev.pinwheel.delivery.web;

import java.io.IOException;

import dev.pinwheel.core.RequestIds;
import dev.pinwheel.delivery.BundleCache;
import dev.pinwheel.delivery.DeliveryMetrics;
import dev.pinwheel.delivery.ServedBundle;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The hot path of {@code GET|HEAD /v1/apps/{appId}/bundle}: when the app has a bundle in memory,
 * the response is written here, first in the servlet filter chain, without the security filter
 * chain, Spring MVC dispatch or request observation — the endpoint is public and serves
 * pre-computed bytes, so none of them has anything to add. Every response header is the same as
 * the controller's path plus the security headers the security filter chain would add.
 *
 * <p>Everything else falls through to the ordinary chain unchanged: other methods, an app without
 * a bundle (404 problem from {@link BundleDeliveryController}), and any path that is not plainly
 * {@code /v1/apps/<id>/bundle} (encoded characters, path parameters, extra segments), so the
 * firewall and routing rules still apply to them.
 */
final class BundleDeliveryFilter implements Filter {

    static final String PREFIX = "/v1/apps/";
    static final String SUFFIX = "/bundle";

    private final BundleCache cache;
    private final DeliveryMetrics metrics;

    BundleDeliveryFilter(BundleCache cache, DeliveryMetrics metrics) {
        this.cache = cache;
        this.metrics = metrics;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        String method = request.getMethod();
        if (!"HEAD".equals(method) && !"GET".equals(method)) {
            chain.doFilter(req, res);
            return;
        }
        String appId = appIdOf(request.getRequestURI());
        ServedBundle b = appId == null ? null : cache.get(appId).orElse(null);
        if (b == null) {
            chain.doFilter(req, res);
            return;
        }
        HttpServletResponse response = (HttpServletResponse) res;
        response.setHeader(RequestIds.HEADER, RequestIds.of(request.getHeader(RequestIds.HEADER)));
        // what the security filter chain adds to every response
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-XSS-Protection", "0");
        response.setHeader("X-Frame-Options", "DENY");
        BundleResponse.write(b, metrics.forApp(appId), request, response);
    }

    /**
     * The app id of a plain {@code /v1/apps/<id>/bundle} path, or null for anything else (no
     * escapes, path parameters, or further slashes, so that such paths take the ordinary route).
     */
    static String appIdOf(String uri) {
        if (uri == null || !uri.startsWith(PREFIX) || !uri.endsWith(SUFFIX)) {
            return null;
        }
        int end = uri.length() - SUFFIX.length();
        if (end <= PREFIX.length()) {
            return null;
        }
        for (int i = PREFIX.length(); i < end; i++) {
            char c = uri.charAt(i);
            if (c == '/' || c == '%' || c == ';' || c == '\\') {
                return null;
            }
        }
        return uri.substring(PREFIX.length(), end);
    }
}
