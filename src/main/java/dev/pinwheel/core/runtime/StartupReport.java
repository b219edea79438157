package dev.pinwheel.core.runtime;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Arrays;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Logs one line once the service is ready: the active profiles and the database product, version,
 * host and database name. The JDBC URL is reduced to host, port and path, so credentials in it
 * ({@code user:password@}, {@code ?password=}) never reach the log.
 */
@Component
class StartupReport implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(StartupReport.class);

    private final DataSource dataSource;
    private final Environment environment;

    StartupReport(DataSource dataSource, Environment environment) {
        this.dataSource = dataSource;
        this.environment = environment;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        String[] active = environment.getActiveProfiles();
        String profiles = active.length == 0 ? "default" : String.join(",", Arrays.asList(active));
        String database;
        try (Connection c = dataSource.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            database = meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion() + " at "
                    + describe(meta.getURL());
        } catch (SQLException e) {
            database = "unreachable (" + e.getClass().getSimpleName() + ")";
        }
        log.info("Pinwheel ready: profile(s) {}, database {}", profiles, database);
    }

    /**
     * The JDBC URL without credentials or parameters: {@code jdbc:postgresql://u:p@db:5432/pins?password=x}
     * becomes {@code db:5432/pins}; {@code jdbc:h2:file:./data/pinwheel;MODE=PostgreSQL} becomes
     * {@code h2:file:./data/pinwheel}. Null gives {@code "unknown"}.
     */
    static String describe(String jdbcUrl) {
        if (jdbcUrl == null || jdbcUrl.isBlank()) {
            return "unknown";
        }
        String url = jdbcUrl.startsWith("jdbc:") ? jdbcUrl.substring(5) : jdbcUrl;
        int cut = indexOfAny(url, '?', ';', '#');
        if (cut >= 0) {
            url = url.substring(0, cut);
        }
        int slashes = url.indexOf("//");
        if (slashes < 0) {
            return url;
        }
        String rest = url.substring(slashes + 2);
        int path = rest.indexOf('/');
        String authority = path < 0 ? rest : rest.substring(0, path);
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            authority = authority.substring(at + 1);
        }
        return authority + (path < 0 ? "" : rest.substring(path));
    }

    private static int indexOfAny(String s, char... chars) {
        int best = -1;
        for (char ch : chars) {
            int i = s.indexOf(ch);
            if (i >= 0 && (best < 0 || i < best)) {
                best = i;
            }
        }
        return best;
    }
}
