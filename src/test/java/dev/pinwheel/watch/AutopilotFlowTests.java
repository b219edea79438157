package dev.pinwheel.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pinwheel.audit.AuditEntry;
import dev.pinwheel.audit.AuditLog;
import dev.pinwheel.audit.AuditQuery;
import dev.pinwheel.support.BundleFixtures;
import dev.pinwheel.support.PollingClient;
import dev.pinwheel.support.RotationFixtures;
import dev.pinwheel.support.RotationScenario;
import dev.pinwheel.support.TestHttp;
import dev.pinwheel.support.TlsTestServer;
import dev.pinwheel.support.WatchSpringTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A rotation from key A to key B in which the operator only stages: the autopilot publishes,
 * promotes once promote is allowed, and finishes once the watch has seen only B for the
 * cool-down, against a real TLS server whose certificate the operator switches after promote.
 * Two polling clients (one polling at every step, one a step behind) connect all along: every
 * genuine connection is accepted, every connection to an impostor (same CA, other key) refused.
 */
@WatchSpringTest
class AutopilotFlowTests extends RotationScenario {

    @Autowired
    AuditLog audit;

    @Test
    void rotatesFromAToBWithOnlyTheStageCall() throws Exception {
        HeldCertificate impostor = f.leaf(host, root, 365);
        String spare = BundleFixtures.randomPin();

        try (TlsTestServer server = TlsTestServer.start(certA, root.certificate());
                TlsTestServer mitm = TlsTestServer.start(impostor, root.certificate())) {
            f.appWithDomain(app, host);
            f.setPins(host, a + " primary", spare + " backup");
            assertThat(admin.put(
                                    "/admin/v1/domains/" + host + "/live-check",
                                    Map.of("enabled", true, "port", server.port()))
                            .status())
                    .isEqualTo(200);
            f.publish(app);
            PollingClient eager = new PollingClient(port, app, host);
            PollingClient lagging = new PollingClient(port, app, host);
            eager.poll();
            lagging.poll();
            assertGenuineAcceptedImpostorRefused(server, mitm, root, eager, lagging);

            // the only operator call of the rotation
            TestHttp.Response staged = admin.post(
                    "/admin/v1/domains/" + host + "/rotations",
                    Map.of("certificate", certB.certificatePem() + root.certificatePem(), "autopilot", true));
            assertThat(staged.status()).as(staged.raw().body()).isEqualTo(201);
            assertThat(staged.json().get("autopilot").get("enabled").asBoolean())
                    .isTrue();
            assertThat(staged.json().get("autopilot").get("paused").asBoolean()).isFalse();
            String rotation = "/admin/v1/domains/" + host + "/rotations/"
                    + staged.json().get("id").asLong();

            // the autopilot publishes B as a backup, then waits for promote to be safe, saying why
            JsonNode waiting = awaitRotation(
                    admin,
                    rotation,
                    r -> autopilot(r, "waitingFor") != null
                            && autopilot(r, "waitingFor").contains("not safe before"));
            assertThat(autopilot(waiting, "lastAction")).isEqualTo("published");
            assertThat(waiting.get("state").asString()).isEqualTo("staged");
            awaitSeq(eager, 2);
            assertGenuineAcceptedImpostorRefused(server, mitm, root, eager, lagging);
            lagging.poll();

            // once promote is safe, the autopilot promotes and publishes
            clock.set(Instant.parse(waiting.get("nextStepEarliestAt").asString()));
            JsonNode promoted = awaitRotation(
                    admin, rotation, r -> r.get("state").asString().equals("promoted"));
            awaitSeq(eager, 3);
            awaitRotation(admin, rotation, r -> "published".equals(autopilot(r, "lastAction")));
            assertGenuineAcceptedImpostorRefused(server, mitm, root, eager, lagging);

            // the autopilot does not finish while the host serves A: it waits for the watch to see only B
            JsonNode notYet = awaitRotation(
                    admin,
                    rotation,
                    r -> autopilot(r, "waitingFor") != null
                            && autopilot(r, "waitingFor").contains("served sha256/" + a));
            assertThat(notYet.get("state").asString()).isEqualTo("promoted");

            // the operator switches the server to B; clients holding either bundle accept it
            server.serve(certB, root.certificate());
            assertGenuineAcceptedImpostorRefused(server, mitm, root, eager, lagging);
            lagging.poll();
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(admin.get("/admin/v1/domains/" + host + "/observations?limit=1")
                                    .json()
                                    .get("observations")
                                    .get(0)
                                    .get("servedPin")
                                    .asString())
                            .isEqualTo("sha256/" + b));

            // after the cool-down (the poll interval, 1 h) of seeing only B, the autopilot finishes and publishes
            clock.set(
                    Instant.parse(promoted.get("nextStepEarliestAt").asString()).plusSeconds(1));
            JsonNode done = awaitRotation(admin, rotation, r -> "done".equals(autopilot(r, "lastAction")));
            assertThat(done.get("state").asString()).isEqualTo("finished");
            assertThat(done.get("autopilot").get("waitingFor").isNull()).isTrue();
            awaitSeq(eager, 4);
            assertThat(RotationFixtures.pinsOf(f.dryRun(app), host)).containsExactlyInAnyOrder(b, spare);
            assertGenuineAcceptedImpostorRefused(server, mitm, root, eager, lagging);
            lagging.poll();
            assertGenuineAcceptedImpostorRefused(server, mitm, root, eager, lagging);

            List<AuditEntry> byAutopilot =
                    audit.search(new AuditQuery(null, "autopilot", null, null), 0, 200).items().stream()
                            .filter(e -> e.target().equals("domain:" + host)
                                    || e.target().equals("app:" + app))
                            .toList();
            assertThat(byAutopilot)
                    .extracting(AuditEntry::action)
                    .contains("rotation.promoted", "rotation.finished", "bundle.published");
            assertThat(byAutopilot)
                    .filteredOn(e -> e.action().equals("bundle.published"))
                    .hasSize(3);
            assertThat(audit.search(new AuditQuery("domain:" + host, null, null, null), 0, 100)
                            .items())
                    .filteredOn(e -> e.action().equals("rotation.staged"))
                    .extracting(AuditEntry::actor)
                    .doesNotContain("autopilot")
                    .hasSize(1);
        }
    }

    private static void assertGenuineAcceptedImpostorRefused(
            TlsTestServer genuine, TlsTestServer mitm, HeldCertificate root, PollingClient... clients)
            throws Exception {
        for (PollingClient c : clients) {
            assertThat(c.accepts(genuine, root))
                    .as("genuine server, client at seq " + c.seq())
                    .isTrue();
            assertThat(c.accepts(mitm, root))
                    .as("impostor, client at seq " + c.seq())
                    .isFalse();
        }
    }

    /** Polls until the client holds bundle {@code seq} (the service's cache follows a publish within moments). */
    private static void awaitSeq(PollingClient client, long seq) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(client.poll()).isEqualTo(seq));
    }

    static String autopilot(JsonNode rotation, String field) {
        JsonNode n = rotation.get("autopilot").get(field);
        return n == null || n.isNull() ? null : n.asString();
    }

    static JsonNode awaitRotation(TestHttp admin, String path, java.util.function.Predicate<JsonNode> condition) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    TestHttp.Response r = admin.get(path);
                    assertThat(r.status()).isEqualTo(200);
                    last[0] = r.json();
                    assertThat(condition.test(r.json())).as(r.raw().body()).isTrue();
                });
        return last[0];
    }
}
