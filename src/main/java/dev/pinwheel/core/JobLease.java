package dev.pinwheel.core;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Lets a background job run on one replica at a time: a row per job in {@code job_leases} names
 * the replica holding it and until when. A replica may take the lease when it is free (expired) or
 * its own. Each statement commits on its own, outside any caller's transaction. Times are real
 * time ({@link Clock#systemUTC()}), not the business clock, so replicas agree.
 */
@Component
public class JobLease {

    private final JdbcClient jdbc;
    private final Clock clock = Clock.systemUTC();
    private final String holder = "replica-" + UUID.randomUUID();

    JobLease(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Takes (or renews) the lease of {@code job} for {@code hold}.
     *
     * @return whether this replica holds it now; false also when the database is unreachable
     */
    public boolean tryAcquire(String job, Duration hold) {
        Instant now = clock.instant();
        Timestamp until = Timestamp.from(now.plus(hold));
        try {
            int updated = jdbc.sql("update job_leases set holder = ?, expires_at = ? where name = ?"
                            + " and (holder = ? or expires_at <= ?)")
                    .params(holder, until, job, holder, Timestamp.from(now))
                    .update();
            if (updated == 1) {
                return true;
            }
            try {
                jdbc.sql("insert into job_leases (name, holder, expires_at) values (?, ?, ?)")
                        .params(job, holder, until)
                        .update();
                return true;
            } catch (DuplicateKeyException e) {
                return false;
            }
        } catch (DataAccessException e) {
            return false;
        }
    }

    /** This replica's name in the lease rows. */
    public String holder() {
        return holder;
    }
}
