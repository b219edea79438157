package dev.pinwheel.client.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.jwk.ECKey;
import dev.pinwheel.client.Bundle;
import dev.pinwheel.client.FileBundleStore;
import dev.pinwheel.client.Pins;
import dev.pinwheel.client.PinwheelClient;
import dev.pinwheel.client.PinwheelConfig;
import dev.pinwheel.client.e2e.PinwheelService.Answer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end-to-end proof of "rotate pins without an app redeploy": the real Pinwheel service (the
 * jar built from this repository, a separate process on PostgreSQL), real TLS servers on
 * 127.0.0.1 and this library, configured once with what an app ships (app id, bundle URL, the
 * public keys and threshold of root version 1) and pinned only by the bundles it fetches from the
 * service. The root keys are held by the test (offline, as in production) and sign root versions
 * and key-set endorsements that the service verifies.
 *
 * <p>Times are shortened by configuration, not by skipping steps: poll interval 2 s (so promote is
 * safe 4 s after the publish that pins the new key), cool-down 3 s. Each test prints its timeline.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RotationEndToEndIT {

    private static PinwheelService service;
    /** The root-key holders: root version 1 is what every app of this proof ships. */
    private static TrustCeremony trust;

    @TempDir
    Path dir;

    @BeforeAll
    static void startService() throws IOException {
        Path jar = PinwheelService.serverJar();
        Assumptions.assumeTrue(
                jar != null,
                "no service jar in ../target: run ./mvnw -DskipTests package in the "
                        + "repository root first (in CI a missing jar fails the build instead)");
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("pinwheel.bundles.poll-interval", "2s");
        settings.put("pinwheel.rotation.cool-down", "3s");
        settings.put("pinwheel.delivery.sync-interval", "1s");
        // the live check may reach the test's TLS servers on loopback (refused by default: SSRF guard)
        settings.put("pinwheel.discovery.allowed-networks", "127.0.0.0/8,::1/128");
        // ... and its random ports (only 443 by default)
        settings.put("pinwheel.discovery.allowed-ports", "1024-65535");
        // the watch and the autopilot (test 3) on short periods
        settings.put("pinwheel.watch.interval", "1s");
        settings.put("pinwheel.watch.autopilot-interval", "500ms");
        service = PinwheelService.start(jar, settings);
        // production: the root keys stay offline (here, in the test); root version 1 (3 keys,
        // threshold 2) is uploaded and the service's first key set endorsed before anything is published
        trust = TrustCeremony.begin(service, 3, 2);
    }

    @AfterAll
    static void stopService() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    @Order(1)
    void rotatesAToBWhileTheAppNeverFailsTheGenuineServerAndAlwaysRefusesTheMitm() throws Exception {
        String app = "e2e-rotation";
        // "localhost": the service's live check resolves it too, so finish really checks the served key
        try (TlsSite site = new TlsSite("localhost")) {
            setUp(app, site, null); // the app polls on pinwheel.bundles.poll-interval (2 s)
            service.put(
                            "/admin/v1/domains/" + site.host + "/live-check",
                            Map.of("enabled", true, "port", site.genuinePort()),
                            null)
                    .expect(200);
            AppEvents events = new AppEvents();
            // configured once, with what the app ships; the same instances serve the whole run
            PinwheelClient pinwheel = PinwheelClient.create(config(app, events)
                    .minPollInterval(Duration.ofSeconds(1))
                    .initialBackoff(Duration.ofSeconds(1))
                    .build());
            Timeline timeline = new Timeline(
                    "Pinwheel end-to-end: rotation A -> B (app " + app + ", host " + site.host
                            + "; one PinwheelClient and one OkHttpClient, configured once)",
                    () -> held(pinwheel));
            String rotations = "/admin/v1/domains/" + site.host + "/rotations";
            long[] seq = new long[6];
            try (pinwheel;
                    AppTraffic traffic = new AppTraffic(site, pinwheel, timeline)) {
                timeline.step("publish seq 1 (A primary, spare backup); app starts");
                seq[1] = service.publish(app);
                pinwheel.start();
                awaitHeld(pinwheel, seq[1]);
                traffic.startContinuous();
                traffic.awaitRounds(3);

                timeline.step("stage B (pinned as backup), publish seq 2");
                Answer staged = service.post(
                                rotations,
                                Map.of("certificate", TlsSite.chainPem(site.keyB), "comment", "e2e rotation"))
                        .expect(201);
                String rotation = rotations + "/" + staged.string("id");
                seq[2] = service.publish(app);
                awaitHeld(pinwheel, seq[2]);
                traffic.awaitRounds(2);

                timeline.step("promote B once safe, publish seq 3 (B primary, A backup)");
                Answer promoted = whenSafe(rotation + "/promote", "promote", timeline);
                seq[3] = service.publish(app);
                awaitHeld(pinwheel, seq[3]);
                traffic.awaitRounds(2);

                timeline.step("finish after the cool-down, server not switched yet");
                Instant coolDownOver = Instant.parse(promoted.string("nextStepEarliestAt"));
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> !Instant.now().isBefore(coolDownOver));
                Answer tooSoon = service.post(rotation + "/finish", Map.of()).expect(409);
                assertThat(tooSoon.string("servedPin")).isEqualTo(TlsSite.pin(site.keyA));
                timeline.note("finish: 409, live check: the host still serves " + tooSoon.string("servedPin") + " (A)");
                traffic.awaitRounds(2);

                timeline.step("switch the genuine server to B");
                site.switchGenuineTo(site.serverB);
                traffic.awaitServedBy("B");
                traffic.awaitRounds(2);

                timeline.step("publish seq 4");
                seq[4] = service.publish(app);
                awaitHeld(pinwheel, seq[4]);
                traffic.awaitRounds(2);

                timeline.step("finish (live check: B served), publish seq 5 (A removed)");
                whenSafe(rotation + "/finish", "finish", timeline);
                seq[5] = service.publish(app);
                awaitHeld(pinwheel, seq[5]);
                traffic.awaitRounds(3);
                traffic.close();

                timeline.step("the retired server A, called directly");
                traffic.direct(site.directUrl(site.serverA), "retired server A");
                assertThat(pinwheel.bundle()
                                .orElseThrow()
                                .domainFor(site.host)
                                .orElseThrow()
                                .pins())
                        .contains(Pins.of(site.keyB.certificate()), Pins.of(site.spare.certificate()))
                        .doesNotContain(Pins.of(site.keyA.certificate()));
                assertThat(traffic.genuineRetries())
                        .as("genuine calls that needed a refresh and retry")
                        .isZero();
            } finally {
                save("timeline-rotation.txt", timeline.print());
            }

            assertThat(timeline.genuineFailures())
                    .as("failed connections to the genuine server")
                    .isZero();
            assertThat(timeline.mitmRefused())
                    .as("MITM connections refused by the pin check")
                    .isPositive();
            assertThat(timeline.mitmNotRefusedByPin())
                    .as("MITM (or retired A) connections NOT refused by the pins")
                    .isZero();
            assertThat(events.accepted).containsExactly(seq[1], seq[2], seq[3], seq[4], seq[5]);
            assertThat(events.pinFailures)
                    .isNotEmpty()
                    .allSatisfy(f -> assertThat(f.port())
                            .as("pin failures are for the MITM or the retired A only")
                            .isIn(site.mitm.getPort(), site.serverA.getPort()));
            events.assertNoTrouble();
        }
    }

    @Test
    @Order(2)
    void recoversWithinOneRetryWhenTheOperatorSwitchesToBTooEarly() throws Exception {
        String app = "e2e-early-switch";
        try (TlsSite site = new TlsSite("early.e2e.test")) {
            // A long poll interval: the app will not poll during this run, so after the next publish
            // its held bundle lags the service's newest one: only the mismatch rule can save it.
            setUp(app, site, 60L);
            AppEvents events = new AppEvents();
            PinwheelClient pinwheel = PinwheelClient.create(config(app, events).build());
            Timeline timeline = new Timeline(
                    "Pinwheel end-to-end: server switched to B too early (app " + app + ", host " + site.host
                            + ", poll interval 60 s)",
                    () -> held(pinwheel));
            String rotations = "/admin/v1/domains/" + site.host + "/rotations";
            long seq1;
            long seq2;
            int attempts;
            try (pinwheel;
                    AppTraffic traffic = new AppTraffic(site, pinwheel, timeline)) {
                timeline.step("publish seq 1 (A primary, spare backup); app starts");
                seq1 = service.publish(app);
                pinwheel.start();
                awaitHeld(pinwheel, seq1);
                traffic.genuine();

                timeline.step("a MITM call: refused; its refresh finds nothing new");
                traffic.mitm();

                timeline.step("stage B (backup), publish seq 2; the app still holds seq 1");
                Answer staged = service.post(rotations, Map.of("certificate", TlsSite.chainPem(site.keyB)))
                        .expect(201);
                seq2 = service.publish(app);
                await().atMost(Duration.ofSeconds(20)).until(() -> service.deliveredSeq(app) == seq2);
                Instant safeAfter = PinwheelService.safeAfter(
                        service.post(rotations + "/" + staged.string("id") + "/promote", Map.of()));
                timeline.note("service delivers seq " + seq2 + " (pins B); promote refused: 409, safe after "
                        + safeAfter + " (operator ignores it)");
                assertThat(held(pinwheel)).isEqualTo(seq1);
                assertThat(pinwheel.bundle()
                                .orElseThrow()
                                .domainFor(site.host)
                                .orElseThrow()
                                .pins())
                        .as("the bundle the app holds")
                        .doesNotContain(Pins.of(site.keyB.certificate()));

                timeline.step("operator switches the genuine server to B too early; a call");
                site.switchGenuineTo(site.serverB);
                attempts = traffic.genuine();
                timeline.note("that call: " + attempts + " network attempts: pin mismatch on seq " + seq1
                        + " -> bundle refreshed at once -> seq " + held(pinwheel) + " pins B -> retried once: ok");

                timeline.step("afterwards");
                for (int i = 0; i < 3; i++) {
                    traffic.genuine();
                    traffic.mitm();
                }
            } finally {
                save("timeline-early-switch.txt", timeline.print());
            }

            assertThat(attempts)
                    .as("network attempts of the first call after the early switch")
                    .isEqualTo(2);
            assertThat(timeline.genuineFailures())
                    .as("failed connections to the genuine server")
                    .isZero();
            assertThat(timeline.mitmRefused())
                    .as("the MITM before the switch and the 3 after")
                    .isEqualTo(4);
            assertThat(timeline.mitmNotRefusedByPin()).isZero();
            assertThat(events.accepted).containsExactly(seq1, seq2);
            assertThat(events.pinFailures)
                    .as("pin failures reported (MITM only; the recovered call is none)")
                    .allSatisfy(f -> assertThat(f.port()).isEqualTo(site.mitm.getPort()));
            events.assertNoTrouble();
        }
    }

    @Test
    @Order(3)
    void autopilotRotatesAToBWithOnlyTheStageCallWhileTheAppNeverFailsTheGenuineServer() throws Exception {
        String app = "e2e-autopilot";
        // "localhost" again (the service's watch must resolve the host); test 1 may have left the domain
        try (TlsSite site = new TlsSite("localhost")) {
            service.post("/admin/v1/apps", Map.of("id", app, "displayName", "E2E " + app))
                    .expect(201);
            // test 1's app no longer carries the host (its last bundle pinned that run's keys)
            service.put("/admin/v1/apps/e2e-rotation/domains", Map.of("hosts", List.of()), null);
            Answer domain = service.post("/admin/v1/domains", Map.of("host", site.host, "mode", "enforce"));
            assertThat(domain.status()).isIn(201, 409);
            service.put("/admin/v1/apps/" + app + "/domains", Map.of("hosts", List.of(site.host)), null)
                    .expectSuccess();
            String version = service.get("/admin/v1/domains/" + site.host).string("currentVersion");
            service.put(
                            "/admin/v1/domains/" + site.host + "/pin-set",
                            Map.of("pins", List.of(pin(site.keyA, "primary"), pin(site.spare, "backup"))),
                            "\"" + version + "\"")
                    .expectSuccess();
            service.put(
                            "/admin/v1/domains/" + site.host + "/live-check",
                            Map.of("enabled", true, "port", site.genuinePort()),
                            null)
                    .expect(200);
            AppEvents events = new AppEvents();
            PinwheelClient pinwheel = PinwheelClient.create(config(app, events)
                    .minPollInterval(Duration.ofSeconds(1))
                    .initialBackoff(Duration.ofSeconds(1))
                    .build());
            Timeline timeline = new Timeline(
                    "Pinwheel end-to-end: autopilot rotation A -> B (app " + app + ", host " + site.host
                            + "; the operator only stages, the service publishes, promotes and finishes)",
                    () -> held(pinwheel));
            String rotations = "/admin/v1/domains/" + site.host + "/rotations";
            try (pinwheel;
                    AppTraffic traffic = new AppTraffic(site, pinwheel, timeline)) {
                timeline.step("publish seq 1 (A primary, spare backup); app starts");
                long seq1 = service.publish(app);
                pinwheel.start();
                awaitHeld(pinwheel, seq1);
                traffic.startContinuous();
                traffic.awaitRounds(3);

                timeline.step("stage B with autopilot: the only rotation call");
                Answer staged = service.post(
                                rotations, Map.of("certificate", TlsSite.chainPem(site.keyB), "autopilot", true))
                        .expect(201);
                String rotation = rotations + "/" + staged.string("id");

                timeline.step("the autopilot publishes B as backup, promotes once safe, publishes");
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> "promoted".equals(service.get(rotation).string("state")));
                timeline.note("autopilot: " + service.get(rotation).body().get("autopilot"));
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> held(pinwheel) == service.deliveredSeq(app) && held(pinwheel) > seq1 + 1);
                traffic.awaitRounds(2);

                timeline.step("the operator switches the genuine server to B");
                site.switchGenuineTo(site.serverB);
                traffic.awaitServedBy("B");

                timeline.step("the autopilot finishes once the watch saw only B for the cool-down, publishes");
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> service.get(rotation)
                                .body()
                                .get("autopilot")
                                .toString()
                                .contains("lastAction=done"));
                Answer done = service.get(rotation);
                assertThat(done.string("state")).isEqualTo("finished");
                timeline.note("autopilot: " + done.body().get("autopilot"));
                await().atMost(Duration.ofSeconds(30)).until(() -> held(pinwheel) == service.deliveredSeq(app));
                traffic.awaitRounds(3);
                traffic.close();

                assertThat(pinwheel.bundle()
                                .orElseThrow()
                                .domainFor(site.host)
                                .orElseThrow()
                                .pins())
                        .contains(Pins.of(site.keyB.certificate()), Pins.of(site.spare.certificate()))
                        .doesNotContain(Pins.of(site.keyA.certificate()));
            } finally {
                save("timeline-autopilot.txt", timeline.print());
            }

            assertThat(timeline.genuineFailures())
                    .as("failed connections to the genuine server")
                    .isZero();
            assertThat(timeline.mitmRefused())
                    .as("MITM connections refused by the pin check")
                    .isPositive();
            assertThat(timeline.mitmNotRefusedByPin())
                    .as("MITM connections NOT refused by the pins")
                    .isZero();
            assertThat(events.pinFailures)
                    .allSatisfy(f -> assertThat(f.port())
                            .as("pin failures are for the MITM only")
                            .isEqualTo(site.mitm.getPort()));
            events.assertNoTrouble();
        }
    }

    @Test
    @Order(4)
    void aDoubleSigningKeyRotationNoLongerBricksAClientConfiguredBeforeIt() throws Exception {
        String app = "e2e-double-rotation";
        try (TlsSite site = new TlsSite("double.e2e.test")) {
            setUp(app, site, null);
            AppEvents events = new AppEvents();
            PinwheelClient pinwheel = PinwheelClient.create(config(app, events)
                    .minPollInterval(Duration.ofSeconds(1))
                    .initialBackoff(Duration.ofSeconds(1))
                    .build());
            Timeline timeline = new Timeline(
                    "Pinwheel end-to-end: double signing-key rotation (app " + app
                            + "; the app ships root version 1 only)",
                    () -> held(pinwheel));
            long seq1;
            long seq2;
            String active;
            try (pinwheel;
                    AppTraffic traffic = new AppTraffic(site, pinwheel, timeline)) {
                timeline.step("publish; app starts");
                seq1 = service.publish(app);
                pinwheel.start();
                awaitHeld(pinwheel, seq1);
                traffic.startContinuous();
                traffic.awaitRounds(2);
                trustNote(timeline, pinwheel);

                timeline.step("rotate the signing key (its next key is endorsed)");
                Answer first = service.post(ROTATE, Map.of()).expect(200);
                timeline.note(
                        "rotate: 200, active key " + first.string("activeKid") + "; served bundles re-signed with it");
                traffic.awaitRounds(2);

                timeline.step("rotate again at once");
                Answer second = service.post(ROTATE, Map.of()).expect(409);
                assertThat(second.string("type")).endsWith("key-not-endorsed");
                timeline.note("rotate: 409 key-not-endorsed (the new next key is in no key set the root signed)");
                traffic.awaitRounds(1);

                timeline.step("root holders endorse the proposed key set; rotate; publish");
                long keySet = trust.endorseKeySet();
                active = service.post(ROTATE, Map.of()).expect(200).string("activeKid");
                seq2 = service.publish(app);
                awaitHeld(pinwheel, seq2);
                traffic.awaitRounds(2);
                timeline.note("key set v" + keySet + " endorsed; rotate: 200, active key " + active);
                trustNote(timeline, pinwheel);
                traffic.close();
            } finally {
                save("timeline-double-rotation.txt", timeline.print());
            }
            assertThat(kidOf(pinwheel.bundle().orElseThrow().jws())).isEqualTo(active);
            assertThat(timeline.genuineFailures())
                    .as("failed connections to the genuine server")
                    .isZero();
            assertThat(timeline.mitmRefused()).isPositive();
            assertThat(timeline.mitmNotRefusedByPin()).isZero();
            // the service re-signs its served bundles at each rotation (new seqs): the client takes each of them
            assertThat(events.accepted)
                    .isSorted()
                    .doesNotHaveDuplicates()
                    .startsWith(seq1)
                    .endsWith(seq2);
            events.assertNoTrouble();
        }
    }

    @Test
    @Order(5)
    void staysPinnedThroughFiveSigningKeyRotationsAndTwoRootRotations() throws Exception {
        String app = "e2e-trust-chain";
        try (TlsSite site = new TlsSite("chain.e2e.test")) {
            setUp(app, site, null);
            AppEvents events = new AppEvents();
            PinwheelClient pinwheel = PinwheelClient.create(config(app, events)
                    .minPollInterval(Duration.ofSeconds(1))
                    .initialBackoff(Duration.ofSeconds(1))
                    .build());
            Timeline timeline = new Timeline(
                    "Pinwheel end-to-end: five signing-key rotations, two root rotations (app " + app + ", host "
                            + site.host + "; one PinwheelClient configured once with root version 1)",
                    () -> held(pinwheel));
            List<Long> published = new ArrayList<>();
            List<String> activeKeys = new ArrayList<>();
            try (pinwheel;
                    AppTraffic traffic = new AppTraffic(site, pinwheel, timeline)) {
                // the previous proof rotated last: the root holders endorse the service's new next key first
                trust.endorseKeySet();
                timeline.step("publish seq 1; app starts (ships root v1: 3 keys, threshold 2)");
                published.add(service.publish(app));
                pinwheel.start();
                awaitHeld(pinwheel, published.get(0));
                traffic.startContinuous();
                traffic.awaitRounds(2);
                trustNote(timeline, pinwheel);

                for (int rotation = 1; rotation <= 5; rotation++) {
                    if (rotation == 3) {
                        timeline.step("root rotation v1 -> v2 (keeps one v1 key, adds two; threshold 2)");
                        List<ECKey> v2 = new ArrayList<>(List.of(trust.keys().get(2)));
                        v2.addAll(TrustCeremony.newKeys(2));
                        long keySet = trust.rotateRoot(v2, 2);
                        timeline.note("root v2 signed by 2 of v1 and 2 of v2; key set v" + keySet + " endorsed by v2");
                        traffic.awaitRounds(2);
                        trustNote(timeline, pinwheel);
                    }
                    if (rotation == 5) {
                        timeline.step("root rotation v2 -> v3 (three new keys: every v1 key retired)");
                        long keySet = trust.rotateRoot(TrustCeremony.newKeys(3), 2);
                        timeline.note("root v3 signed by 2 of v2 and 2 of v3; key set v" + keySet + " endorsed by v3");
                        traffic.awaitRounds(2);
                        trustNote(timeline, pinwheel);
                    }
                    timeline.step("signing-key rotation " + rotation + " (to the endorsed next key), publish");
                    String active = service.post(ROTATE, Map.of()).expect(200).string("activeKid");
                    activeKeys.add(active);
                    long seq = service.publish(app);
                    published.add(seq);
                    awaitHeld(pinwheel, seq);
                    assertThat(kidOf(pinwheel.bundle().orElseThrow().jws())).isEqualTo(active);
                    traffic.awaitRounds(2);
                    long keySet = trust.endorseKeySet(); // the service's new next key, for the next rotation
                    timeline.note("active key " + active.substring(0, 8) + "...; key set v" + keySet
                            + " (new next key) endorsed by root v" + trust.rootVersion());
                    trustNote(timeline, pinwheel);
                }
                traffic.awaitRounds(2);
                traffic.close();
            } finally {
                save("timeline-trust-chain.txt", timeline.print());
            }

            assertThat(activeKeys)
                    .as("five distinct signing keys")
                    .doesNotHaveDuplicates()
                    .hasSize(5);
            assertThat(pinwheel.rootVersion())
                    .as("the client walked the root chain 1 -> 2 -> 3")
                    .isEqualTo(3);
            assertThat(timeline.genuineFailures())
                    .as("failed connections to the genuine server")
                    .isZero();
            assertThat(timeline.mitmRefused())
                    .as("MITM connections refused by the pin check")
                    .isPositive();
            assertThat(timeline.mitmNotRefusedByPin())
                    .as("MITM connections NOT refused by the pins")
                    .isZero();
            assertThat(events.accepted)
                    .as("every published bundle accepted, in order (with the re-signed ones between)")
                    .isSorted()
                    .doesNotHaveDuplicates()
                    .containsAll(published)
                    .endsWith(published.get(published.size() - 1));
            events.assertNoTrouble();
            // what the client stored (root chain, key set, bundle) verifies again from root version 1 after a restart
            try (PinwheelClient restarted =
                    PinwheelClient.create(config(app, new AppEvents()).build())) {
                assertThat(restarted.rootVersion()).isEqualTo(3);
                assertThat(restarted.keySetVersion()).isEqualTo(pinwheel.keySetVersion());
                assertThat(held(restarted)).isEqualTo(published.get(published.size() - 1));
            }
            // an app released now ships the bundle export (root v3, key set, bundle) and starts pinned, offline
            Map<String, String> export = unzip(service.download("/admin/v1/apps/" + app + "/exports/bundle"));
            assertThat(export).containsKeys("root.json", "key-set.json", "bundle.jws");
            try (PinwheelClient released = PinwheelClient.create(PinwheelConfig.builder()
                    .appId(app)
                    .bundleUrl(service.bundleUrl(app))
                    .rootDocument(export.get("root.json"))
                    .baselineKeySet(export.get("key-set.json"))
                    .baselineBundle(export.get("bundle.jws"))
                    .build())) {
                assertThat(released.rootVersion()).isEqualTo(3);
                assertThat(released.keySetVersion()).isEqualTo(service.keySetVersion());
                assertThat(held(released)).isEqualTo(service.deliveredSeq(app));
                assertThat(released.isEnforcing()).isTrue();
            }
        }
    }

    // ---- helpers

    private static final String ROTATE = "/admin/v1/signing-keys/rotate";

    private static void trustNote(Timeline timeline, PinwheelClient pinwheel) {
        timeline.note("service: root v" + trust.rootVersion() + "; app holds root v" + pinwheel.rootVersion()
                + ", key set v" + pinwheel.keySetVersion() + ", bundle seq " + held(pinwheel));
    }

    private static Map<String, String> unzip(byte[] zip) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        try (java.util.zip.ZipInputStream in =
                new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (java.util.zip.ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                files.put(entry.getName(), new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    private static String kidOf(String jws) throws java.text.ParseException {
        return com.nimbusds.jose.JWSObject.parse(jws).getHeader().getKeyID();
    }

    /** The app, its domain (enforce) and the pin set: A primary, the spare as backup. */
    private static void setUp(String app, TlsSite site, Long pollIntervalSeconds) {
        Map<String, Object> create = new LinkedHashMap<>();
        create.put("id", app);
        create.put("displayName", "E2E " + app);
        if (pollIntervalSeconds != null) {
            create.put("pollIntervalSeconds", pollIntervalSeconds);
        }
        service.post("/admin/v1/apps", create).expect(201);
        service.post("/admin/v1/domains", Map.of("host", site.host, "mode", "enforce"))
                .expect(201);
        service.put("/admin/v1/apps/" + app + "/domains", Map.of("hosts", List.of(site.host)), null)
                .expectSuccess();
        service.put(
                        "/admin/v1/domains/" + site.host + "/pin-set",
                        Map.of("pins", List.of(pin(site.keyA, "primary"), pin(site.spare, "backup"))),
                        "\"0\"")
                .expectSuccess();
    }

    private static Map<String, String> pin(HeldCertificate key, String role) {
        return Map.of("sha256", TlsSite.pin(key), "role", role);
    }

    /** What the app ships: app id, bundle URL and the public keys of root version 1 with its threshold. */
    private PinwheelConfig.Builder config(String app, AppEvents events) {
        return PinwheelConfig.builder()
                .appId(app)
                .bundleUrl(service.bundleUrl(app))
                .rootKeys(trust.rootVersion1Jwks(), trust.rootVersion1Threshold(), 1)
                .store(new FileBundleStore(dir.resolve(app + ".jws")))
                .appVersion("e2e-1.0")
                .listener(events);
    }

    /**
     * Runs a rotation step; while the service refuses it as not safe yet, awaits its
     * {@code safeAfter} and tries again (without one, e.g. a live check that could not connect,
     * tries again after half a second).
     */
    private static Answer whenSafe(String path, String what, Timeline timeline) {
        Answer answer = service.post(path, Map.of());
        for (int tries = 0; answer.status() == 409 && tries < 5; tries++) {
            assertThat(answer.string("type")).endsWith("rotation-not-safe-yet");
            Instant safeAfter = answer.string("safeAfter") != null
                    ? Instant.parse(answer.string("safeAfter"))
                    : Instant.now().plusMillis(500);
            timeline.note(what + ": 409 rotation-not-safe-yet, "
                    + (answer.string("safeAfter") != null
                            ? "safeAfter " + safeAfter + " -> awaited"
                            : answer.string("detail")));
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> !Instant.now().isBefore(safeAfter));
            answer = service.post(path, Map.of());
        }
        answer.expect(200);
        String next = answer.string("nextStepEarliestAt");
        timeline.note(what + ": 200, state " + answer.string("state")
                + (next == null ? "" : "; next step not before " + next));
        return answer;
    }

    private static void awaitHeld(PinwheelClient pinwheel, long seq) {
        await().atMost(Duration.ofSeconds(30)).until(() -> held(pinwheel) == seq);
    }

    private static long held(PinwheelClient pinwheel) {
        return pinwheel.bundle().map(Bundle::seq).orElse(-1L);
    }

    private static void save(String name, String text) throws IOException {
        Files.writeString(Files.createDirectories(Path.of("target", "it-logs")).resolve(name), text);
    }
}
