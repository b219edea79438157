package dev.pinwheel.delivery.web;

import dev.pinwheel.core.ProblemException;
import dev.pinwheel.delivery.BundleCache;
import dev.pinwheel.delivery.DeliveryMetrics;
import dev.pinwheel.delivery.ServedBundle;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
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

    private final BundleCache cache;
    private final DeliveryMetrics metrics;

    BundleDeliveryController(BundleCache cache, DeliveryMetrics metrics) {
        this.cache = cache;
        this.metrics = metrics;
    }

    @RequestMapping(
            path = "/v1/apps/{appId}/bundle",
            method = {RequestMethod.GET, RequestMethod.HEAD})
    void bundle(@PathVariable String appId, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        ServedBundle b = cache.get(appId).orElse(null);
        if (b == null) {
            metrics.notFound();
            throw ProblemException.notFound(
                    "No bundle is served for this app: none was published, or the app " + "was deleted.");
        }
        BundleResponse.write(b, metrics.forApp(appId), request, response);
    }
}
