package dev.pinwheel;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Pinwheel: stores versioned TLS pin sets per domain, signs the pin bundles it publishes and
 * serves them to polling client apps.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class PinwheelApplication {

    public static void main(String[] args) {
        SpringApplication.run(PinwheelApplication.class, args);
    }
}
