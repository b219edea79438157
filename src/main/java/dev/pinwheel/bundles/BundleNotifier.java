package dev.pinwheel.bundles;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Sends {@code NOTIFY} on {@link PublishedBundles#CHANNEL} with the app id, inside the publishing
 * transaction (PostgreSQL delivers it on commit, and not at all on rollback). A no-op elsewhere.
 */
@Component
class BundleNotifier {

    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private volatile Boolean postgres;

    BundleNotifier(JdbcClient jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
    }

    void published(String appId) {
        if (isPostgres()) {
            jdbc.sql("select pg_notify(?, ?)")
                    .param(PublishedBundles.CHANNEL)
                    .param(appId)
                    .query((rs, n) -> 1)
                    .list();
        }
    }

    private boolean isPostgres() {
        Boolean known = postgres;
        if (known == null) {
            try (Connection c = dataSource.getConnection()) {
                known = "PostgreSQL".equals(c.getMetaData().getDatabaseProductName());
            } catch (SQLException e) {
                return false;
            }
            postgres = known;
        }
        return known;
    }
}
