package dev.pinwheel.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * One shared context for the watch, autopilot and webhook tests: like {@link RotationSpringTest}
 * (real port, admin token {@link Tokens#ADMIN}, {@link MutableClock}, {@code *.rotation.test}
 * resolving to 127.0.0.1) with the watch every {@value #WATCH_INTERVAL_MS} ms, the autopilot every
 * 300 ms and the webhook dispatcher every 200 ms (retries after 300 ms, doubling); three reports
 * classified as possible interception make a spike. Only this context
 * turns those jobs on, so no other cached context holds their leases.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "PINWHEEL_BOOTSTRAP_TOKEN=" + Tokens.ADMIN,
            "pinwheel.discovery.allowed-networks=127.0.0.1/32",
            "pinwheel.discovery.allowed-ports=1024-65535",
            "pinwheel.discovery.handshake-timeout=700ms",
            "pinwheel.discovery.connect-timeout=700ms",
            "pinwheel.watch.enabled=true",
            "pinwheel.watch.interval=" + WatchSpringTest.WATCH_INTERVAL_MS + "ms",
            "pinwheel.watch.autopilot-interval=300ms",
            "pinwheel.alerts.dispatch-enabled=true",
            // the tests' webhook receivers listen on 127.0.0.1
            "pinwheel.alerts.allowed-networks=127.0.0.1/32",
            "pinwheel.alerts.dispatch-interval=200ms",
            "pinwheel.alerts.initial-backoff=300ms",
            "pinwheel.alerts.max-backoff=2s",
            "pinwheel.alerts.request-timeout=2s",
            "pinwheel.alerts.max-attempts=4",
            "pinwheel.alerts.interception-spike-threshold=3"
        })
@Import(RotationSpringTest.Beans.class)
public @interface WatchSpringTest {

    /** The admin token of these tests. */
    String TOKEN = RotationSpringTest.TOKEN;

    /** The watch period of these tests. */
    long WATCH_INTERVAL_MS = 1500;
}
