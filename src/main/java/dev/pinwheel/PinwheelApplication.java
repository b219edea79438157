package dev.pinwheel;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Pinwheel: stores versioned TLS pin sets per domain, signs the pin bundles it publishes and
 * serves them to polling client apps. Periodic background work runs only through
 * {@link dev.pinwheel.core.jobs.PeriodicJobs}, not {@code @Scheduled}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PinwheelApplication {

    public static void main(String[] args) {
        SpringApplication.run(PinwheelApplication.class, args);
    }
}
