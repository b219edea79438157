package dev.pinwheel.bundles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pinwheel.pins.HostName;
import dev.pinwheel.pins.PinManagement;
import dev.pinwheel.pins.discovery.LiveCheck;
import dev.pinwheel.support.BundleFixtures;
import dev.pinwheel.support.MutableClock;
import dev.pinwheel.support.RotationFixtures;
import dev.pinwheel.support.RotationSpringTest;
import dev.pinwheel.support.TlsTestServer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A host whose TLS port accepts and then never answers must not hold the app's publish lock for
 * the whole probe: the live check runs before the publish takes its lock and transaction. The
 * hanging probe is released by closing the server, never by waiting for a time-out.
 */
@SpringBootTest(
        properties = {
            "pinwheel.discovery.allowed-networks=127.0.0.1/32",
            "pinwheel.discovery.allowed-ports=1024-65535",
            "pinwheel.discovery.handshake-timeout=2m"
        })
@Import(RotationSpringTest.Beans.class)
class LiveCheckOutsideLockTests {

    @Autowired
    PinManagement pins;

    @Autowired
    BundleManagement bundles;

    @Autowired
    LiveCheck liveCheck;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TransactionTemplate tx;

    @Test
    void hangingHostDoesNotHoldTheAppsPublishLock() throws Exception {
        RotationFixtures f = new RotationFixtures(pins, bundles, clock);
        String app = "hang-" + BundleFixtures.suffix();
        String host = app + ".rotation.test";
        f.appWithDomain(app, host);
        f.setPins(host, BundleFixtures.randomPin() + " primary", BundleFixtures.randomPin() + " backup");
        assertThat(f.publish(app).bundle().seq()).isEqualTo(1);

        try (TlsTestServer silent = TlsTestServer.silent()) {
            liveCheck.configure(HostName.of(host), true, silent.port());
            CompletableFuture<PublishOutcome> hanging = CompletableFuture.supplyAsync(() -> f.publish(app));
            await().atMost(Duration.ofSeconds(30)).until(() -> silent.heldConnections() > 0);

            // while the probe hangs, the app's counter row is free: another transaction locks it at once
            Long locked = tx.execute(s -> jdbc.queryForObject(
                    "select last_seq from bundle_counters where app_id = ? for update nowait", Long.class, app));
            assertThat(locked).isEqualTo(1);
            // and a second publish of the app (live check switched off meanwhile) goes through
            liveCheck.configure(HostName.of(host), false, null);
            PublishOutcome second =
                    CompletableFuture.supplyAsync(() -> f.publish(app)).get(60, TimeUnit.SECONDS);
            assertThat(second.bundle().seq()).isEqualTo(2);
            assertThat(hanging).isNotDone();

            silent.close();
            PublishOutcome first = hanging.get(60, TimeUnit.SECONDS);
            assertThat(first.bundle().seq()).isEqualTo(3);
            assertThat(first.findings()).anySatisfy(x -> {
                assertThat(x.code()).isEqualTo(RotationLintCheck.LIVE_CHECK_FAILED);
                assertThat(x.domain()).isEqualTo(host);
            });
        }
    }
}
