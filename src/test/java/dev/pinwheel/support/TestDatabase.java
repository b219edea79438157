package dev.pinwheel.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The PostgreSQL database of this test JVM. With {@code TEST_DATABASE_URL} (plus
 * {@code TEST_DATABASE_USER} / {@code TEST_DATABASE_PASSWORD}) a fresh database is created on that
 * server and dropped when the JVM exits; otherwise a Testcontainers PostgreSQL is started.
 * Tests never fall back to H2.
 */
public final class TestDatabase {

    private static volatile TestDatabase instance;

    private final String url;
    private final String user;
    private final String password;

    private TestDatabase(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    public static TestDatabase get() {
        if (instance == null) {
            synchronized (TestDatabase.class) {
                if (instance == null) {
                    instance = create();
                }
            }
        }
        return instance;
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** Creates one more fresh, empty database on the same server (dropped at JVM exit). */
    public TestDatabase freshSibling() {
        String server = System.getenv("TEST_DATABASE_URL");
        if (server == null || server.isBlank()) {
            server = url;
        }
        return createOn(server, user, password);
    }

    private static TestDatabase create() {
        String server = System.getenv("TEST_DATABASE_URL");
        if (server != null && !server.isBlank()) {
            String user = envOr("TEST_DATABASE_USER", "postgres");
            String password = envOr("TEST_DATABASE_PASSWORD", "");
            return createOn(server, user, password);
        }
        PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
        return new TestDatabase(container.getJdbcUrl(), container.getUsername(), container.getPassword());
    }

    private static TestDatabase createOn(String server, String user, String password) {
        String name = "pinwheel_test_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        execute(server, user, password, "create database " + name);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                execute(server, user, password, "drop database if exists " + name + " with (force)");
            } catch (RuntimeException ignored) {
                // best effort at JVM exit
            }
        }));
        return new TestDatabase(replaceDatabase(server, name), user, password);
    }

    private static void execute(String server, String user, String password, String sql) {
        try (Connection c = DriverManager.getConnection(server, user, password);
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot prepare the test database on " + server + ": " + e.getMessage(), e);
        }
    }

    /** jdbc:postgresql://host:port/db?params → same with another database name. */
    static String replaceDatabase(String jdbcUrl, String database) {
        int schemeEnd = jdbcUrl.indexOf("//");
        int slash = jdbcUrl.indexOf('/', schemeEnd + 2);
        int query = jdbcUrl.indexOf('?');
        String params = query < 0 ? "" : jdbcUrl.substring(query);
        String base = slash < 0 ? (query < 0 ? jdbcUrl : jdbcUrl.substring(0, query)) : jdbcUrl.substring(0, slash);
        return base + "/" + database + params;
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null ? fallback : v;
    }
}
