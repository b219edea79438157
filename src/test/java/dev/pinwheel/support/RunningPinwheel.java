package dev.pinwheel.support;

import dev.pinwheel.PinwheelApplication;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Pinwheel instance started by a test itself (not through the test context cache), on a
 * database the test names — behind a {@link TcpProxy}, or the same database again after a
 * restart. Random HTTP port; close it to stop it.
 */
public final class RunningPinwheel implements AutoCloseable {

    public static final String ADMIN_TOKEN = Tokens.ADMIN;

    private final ConfigurableApplicationContext context;

    private RunningPinwheel(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** The issuer every instance started here signs with, unless {@code extra} names another. */
    public static final String ISSUER = "http://localhost:8080";

    /**
     * Starts an instance on the given JDBC URL (user and password of {@link TestDatabase}).
     *
     * @param extra more {@code name=value} properties; they replace the defaults they name
     */
    public static RunningPinwheel start(String jdbcUrl, String... extra) {
        List<String> props = new ArrayList<>(List.of(
                "pinwheel.test.database-url=" + jdbcUrl,
                "server.port=0",
                // one issuer for every instance, as replicas behind one URL have
                "pinwheel.bundles.issuer=" + ISSUER,
                "PINWHEEL_BOOTSTRAP_TOKEN=" + ADMIN_TOKEN,
                "spring.jmx.enabled=false"));
        for (String e : extra) {
            // a property given twice on the command line binds as "a,b": the extra one replaces the default
            String name = e.substring(0, e.indexOf('=') + 1);
            props.removeIf(p -> p.startsWith(name));
            props.add(e);
        }
        // as command-line arguments, so they override application.yml
        ConfigurableApplicationContext context = new SpringApplicationBuilder(PinwheelApplication.class)
                .run(props.stream().map(p -> "--" + p).toArray(String[]::new));
        return new RunningPinwheel(context);
    }

    /** The JDBC URL of the same database reached through a proxy on 127.0.0.1:{@code port}. */
    public static String through(TcpProxy proxy, String jdbcUrl) {
        int schemeEnd = jdbcUrl.indexOf("//");
        int slash = jdbcUrl.indexOf('/', schemeEnd + 2);
        return jdbcUrl.substring(0, schemeEnd + 2) + "127.0.0.1:" + proxy.port() + jdbcUrl.substring(slash);
    }

    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public BundleFixtures api() {
        return new BundleFixtures(port(), ADMIN_TOKEN);
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
