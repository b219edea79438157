package dev.pinwheel.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pinwheel.core.Actors;
import dev.pinwheel.core.web.ServerPort;
import dev.pinwheel.support.PinwheelTest;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two replicas starting on a new database with the same {@code PINWHEEL_BOOTSTRAP_TOKEN}: the one that
 * inserts second waits on the first one's row, fails on the unique hash, and must still start.
 */
@PinwheelTest
class TokenBootstrapRaceTests {

    @Autowired
    ApiTokenRepository tokens;

    @Autowired
    Clock clock;

    @Autowired
    SecurityProperties properties;

    @Autowired
    ServerPort port;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aReplicaThatLosesTheRaceToCreateTheBootstrapTokenStartsWithTheOtherOnesToken() throws Exception {
        String secret = "race-" + UUID.randomUUID();
        String hash = TokenSecrets.hash(secret);
        String firstName = "race-first-" + UUID.randomUUID().toString().substring(0, 8);
        TokenBootstrap second = new TokenBootstrap(
                tokens,
                clock,
                new MockEnvironment().withProperty(TokenBootstrap.ENV, secret),
                properties,
                port,
                events,
                tx);
        CountDownLatch inserted = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            // the first replica has inserted the token and not committed yet
            Future<?> first = threads.submit(() -> tx.executeWithoutResult(s -> {
                tokens.saveAndFlush(new ApiToken(firstName, Role.ADMIN, hash, clock.instant(), Actors.SYSTEM, null));
                inserted.countDown();
                try {
                    assertThat(commit.await(30, TimeUnit.SECONDS)).isTrue();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }));
            assertThat(inserted.await(30, TimeUnit.SECONDS)).isTrue();
            // the second finds no token, inserts, and waits on the first one's row
            Future<?> starting = threads.submit(() -> second.run(null));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> jdbc.queryForObject(
                                    "select count(*) from pg_stat_activity where datname = current_database()"
                                            + " and wait_event_type = 'Lock'",
                                    Long.class)
                            > 0);
            commit.countDown();
            first.get(30, TimeUnit.SECONDS);
            starting.get(30, TimeUnit.SECONDS); // no exception: the start goes on

            assertThat(tokens.findByTokenHash(hash)).get().satisfies(t -> {
                assertThat(t.name()).isEqualTo(firstName);
                assertThat(t.isUsableAt(clock.instant())).isTrue();
            });
        } finally {
            commit.countDown();
            threads.shutdownNow();
        }
    }
}
