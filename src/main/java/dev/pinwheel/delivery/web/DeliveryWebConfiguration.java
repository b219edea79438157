package dev.pinwheel.delivery.web;

import dev.pinwheel.delivery.BundleCache;
import dev.pinwheel.delivery.DeliveryMetrics;
import dev.pinwheel.delivery.DeliveryProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import tools.jackson.databind.json.JsonMapper;

/**
 * Puts {@link BundleDeliveryValve} in front of the application's servlet pipeline, sizes the socket
 * buffers for bundles, and starts the dedicated {@link DeliveryListener} when
 * {@code pinwheel.delivery.port} is set.
 */
@Configuration(proxyBeanMethods = false)
class DeliveryWebConfiguration {

    @Bean
    TomcatContextCustomizer bundleDeliveryValve(BundleCache cache, DeliveryMetrics metrics) {
        return context -> context.getPipeline().addValve(new BundleDeliveryValve(cache, metrics));
    }

    /**
     * Lets Tomcat write a typical bundle response (headers and a body of up to about 15 KiB) to
     * the socket in one go instead of in 8 KiB pieces. Kept small: every connection has one.
     */
    @Bean
    TomcatConnectorCustomizer bundleSizedSocketBuffers() {
        return connector -> connector.setProperty("socket.appWriteBufSize", "16384");
    }

    @Bean
    @ConditionalOnProperty("pinwheel.delivery.port")
    DeliveryListener deliveryListener(
            DeliveryProperties properties,
            BundleCache cache,
            DeliveryMetrics metrics,
            JsonMapper json,
            ConfigurableEnvironment environment) {
        return new DeliveryListener(properties, new BundleResponder(cache, metrics, json), environment);
    }
}
