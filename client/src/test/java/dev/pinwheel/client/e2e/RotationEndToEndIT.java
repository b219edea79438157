package dev.pinwheel.client.e2e;

import dev.pinwheel.client.Bundle;
import dev.pinwheel.client.BundleRejectedException;
import dev.pinwheel.client.FileBundleStore;
import dev.pinwheel.client.PinFailure;
import dev.pinwheel.client.Pins;
import dev.pinwheel.client.PinwheelClient;
import dev.pinwheel.client.PinwheelConfig;
import dev.pinwheel.client.PinwheelListener;
import dev.pinwheel.client.e2e.PinwheelService.Answer;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The end-to-end proof of "rotate pins without an app redeploy": the real Pinwheel service (the
 * jar built from this repository, a separate process on PostgreSQL), real TLS servers on
 * 127.0.0.1 and this library, configured once with what an app ships (app id, bundle URL, the
 * JWKS of {@code /v1/keys}) and pinned only by the bundles it fetches from the service.
 *
 * <p>Times are shortened by configuration, not by skipping steps: poll interval 2 s (so promote is
 * safe 4 s after the publish that pins the new key), cool-down 3 s. Each test prints its timeline.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RotationEndToEndIT {

    private static PinwheelService service;

    @TempDir
    Path dir;

    @BeforeAll
    static void startService() throws IOException {
        Path jar = PinwheelService.serverJar();
        Assumptions.assumeTrue(jar != null, "no service jar in ../target: run ./mvnw -DskipTests package in the "
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
            service.put("/admin/v1/domains/" + site.host + "/live-check",
                    Map.of("enabled", true, "port", site.genuinePort()), null).expect(200);
            Recorder events = new Recorder();
            // configured once, with what the app ships; the same instances serve the whole run
            PinwheelClient pinwheel = PinwheelClient.create(config(app, events)
                    .minPollInterval(Duration.ofSeconds(1)).initialBackoff(Duration.ofSeconds(1)).build());
            Timeline timeline = new Timeline("Pinwheel end-to-end: rotation A -> B (app " + app + ", host "
                    + site.host + "; one PinwheelClient and one OkHttpClient, configured once)", () -> held(pinwheel));
            String rotations = "/admin/v1/domains/" + site.host + "/rotations";
            long[] seq = new long[6];
            try (pinwheel; AppTraffic traffic = new AppTraffic(site, pinwheel, timeline)) {
                timeline.step("publish seq 1 (A primary, spare backup); app starts");
                seq[1] = service.publish(app);
                pinwheel.start();
                awaitHeld(pinwheel, seq[1]);
                traffic.startContinuous();
                traffic.awaitRounds(3);

                timeline.step("stage B (pinned as backup), publish seq 2");
                Answer staged = service.post(rotations, Map.of("certificate", TlsSite.chainPem(site.keyB),
                        "comment", "e2e rotation")).expect(201);
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
                await().atMost(Duration.ofSeconds(30)).until(() -> !Instant.now().isBefore(coolDownOver));
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
                assertThat(pinwheel.bundle().orElseThrow().domainFor(site.host).orElseThrow().pins())
                        .contains(Pins.of(site.keyB.certificate()), Pins.of(site.spare.certificate()))
                        .doesNotContain(Pins.of(site.keyA.certificate()));
                assertThat(traffic.genuineRetries()).as("genuine calls that needed a refresh and retry").isZero();
            } finally {
                save("timeline-rotation.txt", timeline.print());
            }

            assertThat(timeline.genuineFailures()).as("failed connections to the genuine server").isZero();
            assertThat(timeline.mitmRefused()).as("MITM connections refused by the pin check").isPositive();
            assertThat(timeline.mitmNotRefusedByPin()).as("MITM (or retired A) connections NOT refused by the pins")
                    .isZero();
            assertThat(events.accepted).containsExactly(seq[1], seq[2], seq[3], seq[4], seq[5]);
            assertThat(events.pinFailures).isNotEmpty().allSatisfy(f -> assertThat(f.port())
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
            Recorder events = new Recorder();
            PinwheelClient pinwheel = PinwheelClient.create(config(app, events).build());
            Timeline timeline = new Timeline("Pinwheel end-to-end: server switched to B too early (app " + app
                    + ", host " + site.host + ", poll interval 60 s)", () -> held(pinwheel));
            String rotations = "/admin/v1/domains/" + site.host + "/rotations";
            long seq1;
            long seq2;
            int attempts;
            try (pinwheel; AppTraffic traffic = new AppTraffic(site, pinwheel, timeline)) {
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
                Instant safeAfter = PinwheelService.safeAfter(service.post(rotations + "/" + staged.string("id")
                        + "/promote", Map.of()));
                timeline.note("service delivers seq " + seq2 + " (pins B); promote refused: 409, safe after "
                        + safeAfter + " (operator ignores it)");
                assertThat(held(pinwheel)).isEqualTo(seq1);
                assertThat(pinwheel.bundle().orElseThrow().domainFor(site.host).orElseThrow().pins())
                        .as("the bundle the app holds").doesNotContain(Pins.of(site.keyB.certificate()));

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

            assertThat(attempts).as("network attempts of the first call after the early switch").isEqualTo(2);
            assertThat(timeline.genuineFailures()).as("failed connections to the genuine server").isZero();
            assertThat(timeline.mitmRefused()).as("the MITM before the switch and the 3 after").isEqualTo(4);
            assertThat(timeline.mitmNotRefusedByPin()).isZero();
            assertThat(events.accepted).containsExactly(seq1, seq2);
            assertThat(events.pinFailures).as("pin failures reported (MITM only; the recovered call is none)")
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
            service.post("/admin/v1/apps", Map.of("id", app, "displayName", "E2E " + app)).expect(201);
            // test 1's app no longer carries the host (its last bundle pinned that run's keys)
            service.put("/admin/v1/apps/e2e-rotation/domains", Map.of("hosts", List.of()), null);
            Answer domain = service.post("/admin/v1/domains", Map.of("host", site.host, "mode", "enforce"));
            assertThat(domain.status()).isIn(201, 409);
            service.put("/admin/v1/apps/" + app + "/domains", Map.of("hosts", List.of(site.host)), null).expectSuccess();
            String version = service.get("/admin/v1/domains/" + site.host).string("currentVersion");
            service.put("/admin/v1/domains/" + site.host + "/pin-set", Map.of("pins", List.of(
                    pin(site.keyA, "primary"), pin(site.spare, "backup"))), "\"" + version + "\"").expectSuccess();
            service.put("/admin/v1/domains/" + site.host + "/live-check",
                    Map.of("enabled", true, "port", site.genuinePort()), null).expect(200);
            Recorder events = new Recorder();
            PinwheelClient pinwheel = PinwheelClient.create(config(app, events)
                    .minPollInterval(Duration.ofSeconds(1)).initialBackoff(Duration.ofSeconds(1)).build());
            Timeline timeline = new Timeline("Pinwheel end-to-end: autopilot rotation A -> B (app " + app + ", host "
                    + site.host + "; the operator only stages, the service publishes, promotes and finishes)",
                    () -> held(pinwheel));
            String rotations = "/admin/v1/domains/" + site.host + "/rotations";
            try (pinwheel; AppTraffic traffic = new AppTraffic(site, pinwheel, timeline)) {
                timeline.step("publish seq 1 (A primary, spare backup); app starts");
                long seq1 = service.publish(app);
                pinwheel.start();
                awaitHeld(pinwheel, seq1);
                traffic.startContinuous();
                traffic.awaitRounds(3);

                timeline.step("stage B with autopilot: the only rotation call");
                Answer staged = service.post(rotations, Map.of("certificate", TlsSite.chainPem(site.keyB),
                        "autopilot", true)).expect(201);
                String rotation = rotations + "/" + staged.string("id");

                timeline.step("the autopilot publishes B as backup, promotes once safe, publishes");
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .until(() -> "promoted".equals(service.get(rotation).string("state")));
                timeline.note("autopilot: " + service.get(rotation).body().get("autopilot"));
                await().atMost(Duration.ofSeconds(30)).until(() -> held(pinwheel) == service.deliveredSeq(app)
                        && held(pinwheel) > seq1 + 1);
                traffic.awaitRounds(2);

                timeline.step("the operator switches the genuine server to B");
                site.switchGenuineTo(site.serverB);
                traffic.awaitServedBy("B");

                timeline.step("the autopilot finishes once the watch saw only B for the cool-down, publishes");
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .until(() -> service.get(rotation).body().get("autopilot").toString().contains("lastAction=done"));
                Answer done = service.get(rotation);
                assertThat(done.string("state")).isEqualTo("finished");
                timeline.note("autopilot: " + done.body().get("autopilot"));
                await().atMost(Duration.ofSeconds(30)).until(() -> held(pinwheel) == service.deliveredSeq(app));
                traffic.awaitRounds(3);
                traffic.close();

                assertThat(pinwheel.bundle().orElseThrow().domainFor(site.host).orElseThrow().pins())
                        .contains(Pins.of(site.keyB.certificate()), Pins.of(site.spare.certificate()))
                        .doesNotContain(Pins.of(site.keyA.certificate()));
            } finally {
                save("timeline-autopilot.txt", timeline.print());
            }

            assertThat(timeline.genuineFailures()).as("failed connections to the genuine server").isZero();
            assertThat(timeline.mitmRefused()).as("MITM connections refused by the pin check").isPositive();
            assertThat(timeline.mitmNotRefusedByPin()).as("MITM connections NOT refused by the pins").isZero();
            assertThat(events.pinFailures).allSatisfy(f -> assertThat(f.port()).as("pin failures are for the MITM only")
                    .isEqualTo(site.mitm.getPort()));
            events.assertNoTrouble();
        }
    }

    // ---- helpers

    /** The app, its domain (enforce) and the pin set: A primary, the spare as backup. */
    private static void setUp(String app, TlsSite site, Long pollIntervalSeconds) {
        Map<String, Object> create = new LinkedHashMap<>();
        create.put("id", app);
        create.put("displayName", "E2E " + app);
        if (pollIntervalSeconds != null) {
            create.put("pollIntervalSeconds", pollIntervalSeconds);
        }
        service.post("/admin/v1/apps", create).expect(201);
        service.post("/admin/v1/domains", Map.of("host", site.host, "mode", "enforce")).expect(201);
        service.put("/admin/v1/apps/" + app + "/domains", Map.of("hosts", List.of(site.host)), null).expectSuccess();
        service.put("/admin/v1/domains/" + site.host + "/pin-set", Map.of("pins", List.of(
                pin(site.keyA, "primary"), pin(site.spare, "backup"))), "\"0\"").expectSuccess();
    }

    private static Map<String, String> pin(HeldCertificate key, String role) {
        return Map.of("sha256", TlsSite.pin(key), "role", role);
    }

    /** What the app ships: app id, bundle URL and the service's public keys (fetched once, now). */
    private PinwheelConfig.Builder config(String app, Recorder events) throws IOException {
        return PinwheelConfig.builder()
                .appId(app)
                .bundleUrl(service.bundleUrl(app))
                .trustedJwks(service.keys())
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
            Instant safeAfter = answer.string("safeAfter") != null ? Instant.parse(answer.string("safeAfter"))
                    : Instant.now().plusMillis(500);
            timeline.note(what + ": 409 rotation-not-safe-yet, " + (answer.string("safeAfter") != null
                    ? "safeAfter " + safeAfter + " -> awaited" : answer.string("detail")));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> !Instant.now().isBefore(safeAfter));
            answer = service.post(path, Map.of());
        }
        answer.expect(200);
        String next = answer.string("nextStepEarliestAt");
        timeline.note(what + ": 200, state " + answer.string("state") + (next == null ? "" : "; next step not before " + next));
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

    /** What the client told the app. */
    private static final class Recorder implements PinwheelListener {
        final List<Long> accepted = new CopyOnWriteArrayList<>();
        final List<String> rejected = new CopyOnWriteArrayList<>();
        final List<String> fetchFailures = new CopyOnWriteArrayList<>();
        final List<PinFailure> pinFailures = new CopyOnWriteArrayList<>();
        final AtomicInteger failOpen = new AtomicInteger();

        @Override
        public void onBundleAccepted(Bundle bundle) {
            accepted.add(bundle.seq());
        }

        @Override
        public void onBundleRejected(BundleRejectedException rejection) {
            rejected.add(rejection.toString());
        }

        @Override
        public void onFetchFailed(IOException error) {
            fetchFailures.add(error.toString());
        }

        @Override
        public void onFailOpen(Bundle staleBundle) {
            failOpen.incrementAndGet();
        }

        @Override
        public void onPinFailure(PinFailure failure) {
            pinFailures.add(failure);
        }

        void assertNoTrouble() {
            assertThat(rejected).as("bundles the client refused").isEmpty();
            assertThat(fetchFailures).as("failed bundle fetches").isEmpty();
            assertThat(failOpen).as("fail-open notifications").hasValue(0);
        }
    }
}
