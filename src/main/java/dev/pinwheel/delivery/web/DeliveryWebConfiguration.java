package dev.pinwheel.delivery.web;

import jakarta.servlet.DispatcherType;

import dev.pinwheel.delivery.BundleCache;
import dev.pinwheel.delivery.DeliveryMetrics;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Registers {@link BundleDeliveryFilter} ahead of the other filters of the servlet chain, for client requests only. */
@Configuration(proxyBeanMethods = false)
class DeliveryWebConfiguration {

    @Bean
    FilterRegistrationBean<BundleDeliveryFilter> bundleDeliveryFilter(BundleCache cache, DeliveryMetrics metrics) {
        FilterRegistrationBean<BundleDeliveryFilter> registration =
                new FilterRegistrationBean<>(new BundleDeliveryFilter(cache, metrics));
        registration.addUrlPatterns(BundleDeliveryFilter.PREFIX + "*");
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        // first of the application's filters (Boot's request observation has the same order but is registered later)
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        registration.setName("bundleDeliveryFilter");
        return registration;
    }

    /**
     * Lets Tomcat write a typical bundle response (headers and a body of up to about 15 KiB) to
     * the socket in one go instead of in 8 KiB pieces. Kept small: every connection has one.
     */
    @Bean
    TomcatConnectorCustomizer bundleSizedSocketBuffers() {
        return connector -> connector.setProperty("socket.appWriteBufSize", "16384");
    }
}
