package dev.pinwheel.bundles;

import dev.pinwheel.core.web.ServerPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * The issuer of bundles ({@code iss}, base of {@code reportUri}): {@code pinwheel.bundles.issuer}
 * when it is set (the prod profile requires an https one). Without it (quick start) the issuer is
 * {@code http://localhost:<port>} with the port the service actually listens on, known once the
 * web server has started, and a warning names it, so that a quick start on another port never
 * signs bundles that send clients' reports to a port nobody listens on.
 */
@Component
public class BundleIssuer implements ApplicationListener<WebServerInitializedEvent> {

    private static final Logger log = LoggerFactory.getLogger(BundleIssuer.class);

    private final String configured;
    private final ServerPort port;

    BundleIssuer(BundleProperties properties, ServerPort port) {
        this.configured = properties.issuer() == null
                ? null
                : withoutTrailingSlash(properties.issuer().toString());
        this.port = port;
    }

    /** The issuer without a trailing slash; never null. */
    public String value() {
        if (configured != null) {
            return configured;
        }
        return "http://localhost:" + port.value();
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (configured != null || event.getApplicationContext().getServerNamespace() != null) {
            return;
        }
        log.warn(
                "pinwheel.bundles.issuer is not set: bundles are issued as {} (their iss and reportUri). "
                        + "Set PINWHEEL_BUNDLES_ISSUER to the URL clients use.",
                "http://localhost:" + event.getWebServer().getPort());
    }

    private static String withoutTrailingSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
