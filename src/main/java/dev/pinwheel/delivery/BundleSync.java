package dev.pinwheel.delivery;

import dev.pinwheel.bundles.PublishedBundles;
import dev.pinwheel.core.jobs.PeriodicJob;
import dev.pinwheel.core.jobs.PeriodicWork;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Keeps the {@link BundleCache} of this replica in step with what other replicas publish, as one
 * periodic job ({@code bundle-sync}). On PostgreSQL (with {@code pinwheel.delivery.listen}) it holds
 * one connection that LISTENs on {@link PublishedBundles#CHANNEL}; every {@link #NOTIFICATION_CHECK}
 * it collects the notifications that arrived (waiting at most a millisecond, so the job never holds
 * a scheduler thread) and reloads each notified app. Every {@code pinwheel.delivery.sync-interval},
 * and after every (re)connect, it compares the whole cache with the database, so a missed
 * notification costs at most one interval; on other databases that comparison is the only path.
 *
 * <p>The driver is used through its public API ({@link Connection#unwrap} to {@link PGConnection}),
 * never by reflection. The listening connection is confined to the job's runs, which never overlap,
 * and is closed when the context closes. A failure closes it; the next attempt comes one
 * sync interval later, so an unreachable database costs one warning per interval.
 */
@Component
class BundleSync implements PeriodicWork, DisposableBean {

    /** How often the notifications that arrived are collected (the propagation time on PostgreSQL). */
    static final Duration NOTIFICATION_CHECK = Duration.ofMillis(100);

    private static final Logger log = LoggerFactory.getLogger(BundleSync.class);

    private final BundleCache cache;
    private final DataSource dataSource;
    private final DeliveryProperties properties;
    private Boolean postgres;
    private Connection listening;
    private PGConnection notifications;
    private long nextComparison = System.nanoTime();
    private long nextAttempt = System.nanoTime();

    BundleSync(BundleCache cache, DataSource dataSource, DeliveryProperties properties) {
        this.cache = cache;
        this.dataSource = dataSource;
        this.properties = properties;
    }

    /** Runs at start-up, then every notification check when listening, else every sync interval. */
    @Override
    public List<PeriodicJob> periodicJobs() {
        Duration sync = properties.syncInterval();
        Duration interval = properties.listen() && NOTIFICATION_CHECK.compareTo(sync) < 0 ? NOTIFICATION_CHECK : sync;
        return List.of(PeriodicJob.atStartAndEvery(interval, "bundle-sync", this::runOnce));
    }

    /** One run of the sync job: collect notifications, and compare everything when due. */
    synchronized void runOnce() {
        long now = System.nanoTime();
        if (now - nextAttempt < 0) {
            return;
        }
        try {
            boolean compare = now - nextComparison >= 0;
            if (properties.listen() && isPostgres()) {
                if (listening == null) {
                    listen();
                    compare = true; // whatever was published while nobody listened
                } else if (compare && !listening.isValid(1)) {
                    close();
                    listen();
                }
                for (PGNotification n : received()) {
                    cache.refresh(n.getParameter());
                }
            }
            if (compare) {
                cache.refreshAll();
                nextComparison = System.nanoTime() + properties.syncInterval().toNanos();
            }
        } catch (SQLException | RuntimeException e) {
            close();
            nextAttempt = System.nanoTime() + properties.syncInterval().toNanos();
            nextComparison = nextAttempt;
            log.warn(
                    "Bundle sync failed ({}); retrying in {}", e.getClass().getSimpleName(), properties.syncInterval());
        }
    }

    private void listen() throws SQLException {
        Connection c = dataSource.getConnection();
        try {
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("LISTEN " + PublishedBundles.CHANNEL);
            }
            notifications = c.unwrap(PGConnection.class);
            listening = c;
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private PGNotification[] received() throws SQLException {
        PGNotification[] received = notifications.getNotifications(1);
        return received == null ? new PGNotification[0] : received;
    }

    private boolean isPostgres() throws SQLException {
        if (postgres == null) {
            try (Connection c = dataSource.getConnection()) {
                postgres = "PostgreSQL".equals(c.getMetaData().getDatabaseProductName());
            }
        }
        return postgres;
    }

    private void close() {
        Connection c = listening;
        listening = null;
        notifications = null;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                log.debug(
                        "Closing the LISTEN connection failed ({})",
                        e.getClass().getSimpleName());
            }
        }
    }

    @Override
    public synchronized void destroy() {
        close();
    }
}
