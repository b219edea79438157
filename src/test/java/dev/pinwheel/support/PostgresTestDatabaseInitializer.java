package dev.pinwheel.support;

import java.util.HashMap;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Points every test application context at this JVM's PostgreSQL test database (see
 * {@link TestDatabase}), unless the test sets {@code pinwheel.test.database=embedded} (only the
 * quick-start smoke test does) or names its own {@code pinwheel.test.database-url}.
 */
public class PostgresTestDatabaseInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment env = context.getEnvironment();
        if ("embedded".equals(env.getProperty("pinwheel.test.database"))) {
            return;
        }
        Map<String, Object> props = new HashMap<>();
        String explicit = env.getProperty("pinwheel.test.database-url");
        if (explicit != null) {
            props.put("spring.datasource.url", explicit);
        } else {
            TestDatabase db = TestDatabase.get();
            props.put("spring.datasource.url", db.url());
            props.put("spring.datasource.username", db.user());
            props.put("spring.datasource.password", db.password());
        }
        if (explicit != null) {
            TestDatabase db = TestDatabase.get();
            props.put("spring.datasource.username", db.user());
            props.put("spring.datasource.password", db.password());
        }
        env.getPropertySources().addFirst(new MapPropertySource("pinwheelTestDatabase", props));
    }
}
