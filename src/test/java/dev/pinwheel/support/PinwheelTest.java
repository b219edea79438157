package dev.pinwheel.support;

import dev.pinwheel.core.AuditableEvent;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;

/**
 * The whole service as most tests use it, in ONE cached application context: a real HTTP port,
 * this JVM's PostgreSQL, the bootstrap admin token {@link Tokens#ADMIN}, the quick-start issuer
 * ({@code http://localhost:<port>}), MockMvc, and a recorder of the auditable events. Tests share
 * the database, so every test uses its own random app ids and hosts.
 *
 * <p>Keep it one context: a test that needs another setting, bean or mock starts another one (see
 * {@link RotationSpringTest}, {@link WatchSpringTest}); prefer a slice ({@code @WebMvcTest},
 * {@code @DataJpaTest}) or a plain unit test when the whole service is not needed.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "PINWHEEL_BOOTSTRAP_TOKEN=" + Tokens.ADMIN)
@AutoConfigureMockMvc
@Import(PinwheelTest.AuditableEvents.class)
public @interface PinwheelTest {

    /** Records every auditable event the service publishes. */
    @TestConfiguration(proxyBeanMethods = false)
    class AuditableEvents {

        private final List<AuditableEvent> all = new CopyOnWriteArrayList<>();

        @EventListener
        void on(AuditableEvent event) {
            all.add(event);
        }

        public List<AuditableEvent> forTarget(String target) {
            return all.stream().filter(e -> e.target().equals(target)).toList();
        }
    }
}
