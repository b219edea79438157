package dev.pinwheel.support.contract;

import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.web.context.WebApplicationContext;

/**
 * Adds {@link ContractValidationFilter}, outermost, to every servlet web application context
 * started in the tests (listed in {@code META-INF/spring.factories}).
 */
public class ContractValidationInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        if (context instanceof WebApplicationContext && context instanceof GenericApplicationContext generic) {
            generic.registerBean("contractValidationFilter", FilterRegistrationBean.class, () -> {
                FilterRegistrationBean<ContractValidationFilter> registration =
                        new FilterRegistrationBean<>(new ContractValidationFilter());
                registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
                registration.setDispatcherTypes(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ERROR));
                registration.addUrlPatterns("/*");
                return registration;
            });
        }
    }
}
