package dev.pinwheel.support;

import dev.pinwheel.pins.discovery.AddressResolver;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.InetAddress;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * One shared context for the tests that move the clock (rotation, certificates, discovery, token
 * expiry): like {@link PinwheelTest} (real HTTP port, {@link Tokens#ADMIN}, MockMvc) with a
 * {@link MutableClock} as the clock, 127.0.0.1 and the unprivileged ports (where test servers
 * listen) allow-listed for discovery, and a resolver that maps every {@code *.rotation.test} name
 * to 127.0.0.1 (so that live checks reach the test's TLS servers). The clock is shared: move it
 * forward from {@code clock.instant()}, never to a fixed date.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "PINWHEEL_BOOTSTRAP_TOKEN=" + Tokens.ADMIN,
            "pinwheel.discovery.allowed-networks=127.0.0.1/32",
            "pinwheel.discovery.allowed-ports=1024-65535",
            "pinwheel.discovery.handshake-timeout=700ms"
        })
@AutoConfigureMockMvc
@Import(RotationSpringTest.Beans.class)
public @interface RotationSpringTest {

    /** The admin token of these tests. */
    String TOKEN = Tokens.ADMIN;

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
            return host -> host.endsWith(".rotation.test")
                    ? InetAddress.getByName("127.0.0.1")
                    : AddressResolver.SYSTEM.resolve(host);
        }
    }
}
