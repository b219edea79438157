package dev.pinwheel.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.InetAddress;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import dev.pinwheel.pins.discovery.AddressResolver;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * One shared context for the rotation, certificate and discovery end-to-end tests: a real HTTP
 * port, the bootstrap admin token {@code test-admin-secret}, 127.0.0.1 and the unprivileged ports
 * (where test servers listen) allow-listed for discovery, a {@link MutableClock} and a resolver that maps every {@code *.rotation.test} name
 * to 127.0.0.1 (so that live checks reach the test's TLS servers).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "PINWHEEL_BOOTSTRAP_TOKEN=test-admin-secret", "pinwheel.discovery.allowed-networks=127.0.0.1/32",
        "pinwheel.discovery.allowed-ports=1024-65535",
        "pinwheel.discovery.handshake-timeout=700ms"})
@Import(RotationSpringTest.Beans.class)
public @interface RotationSpringTest {

    /** The admin token of these tests. */
    String TOKEN = "test-admin-secret";

    @TestConfiguration(proxyBeanMethods = false)
    class Beans {

        @Bean
        @Primary
        MutableClock clock() {
            return new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        }

        @Bean
        @Primary
        AddressResolver testResolver() {
            return host -> host.endsWith(".rotation.test") ? InetAddress.getByName("127.0.0.1")
                    : AddressResolver.SYSTEM.resolve(host);
        }
    }
}
