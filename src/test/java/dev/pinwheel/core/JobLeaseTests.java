package dev.pinwheel.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pinwheel.support.WatchSpringTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Two replicas (two leases on one database) never hold a job at once; a lapsed lease passes on. */
@WatchSpringTest
class JobLeaseTests {

    @Autowired
    JdbcClient jdbc;

    @Test
    void onlyOneReplicaHoldsAJobUntilItsLeaseLapses() {
        JobLease first = new JobLease(jdbc);
        JobLease second = new JobLease(jdbc);
        String job = "test-job-" + System.nanoTime();

        assertThat(first.tryAcquire(job, Duration.ofMillis(800))).isTrue();
        assertThat(second.tryAcquire(job, Duration.ofMillis(800))).isFalse();
        assertThat(first.tryAcquire(job, Duration.ofMillis(800)))
                .as("the holder renews")
                .isTrue();
        assertThat(second.tryAcquire(job, Duration.ofMillis(800))).isFalse();

        await().atMost(Duration.ofSeconds(5)).until(() -> second.tryAcquire(job, Duration.ofSeconds(30)));
        assertThat(first.tryAcquire(job, Duration.ofSeconds(30))).isFalse();
        assertThat(jdbc.sql("select holder from job_leases where name = ?")
                        .param(job)
                        .query(String.class)
                        .single())
                .isEqualTo(second.holder());
    }
}
