package dev.pinwheel.pins.discovery;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The default {@link AddressResolver}: the system's DNS. */
@Configuration(proxyBeanMethods = false)
class DiscoveryConfiguration {

    @Bean
    @ConditionalOnMissingBean
    AddressResolver addressResolver() {
        return AddressResolver.SYSTEM;
    }
}
