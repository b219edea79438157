package dev.pinwheel.client.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.pinwheel.client.Bundle;
import dev.pinwheel.client.FileBundleStore;
import dev.pinwheel.client.PinwheelClient;
import dev.pinwheel.client.PinwheelConfig;
import dev.pinwheel.client.e2e.PinwheelService.Answer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.tls.HandshakeCertificates;
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
 * The proof of "pins that keep up with ACME": a real ACME server (Debian's {@code pebble}, its
 * test-only always-valid challenges), real ACME clients (Debian's {@code lego} and {@code certbot},
 * from the CSR the rollover tool writes, run by the shipped renewal recipes
 * {@code bin/pinwheel-renew-lego} and {@code -certbot}), the rollover tool itself, the real
 * service jar on a fresh PostgreSQL database with the autopilot, a TLS server serving the tool's
 * {@code current/} key and certificate, and this library in an app configured once.
 *
 * <p>Runs only when asked ({@code -Dpinwheel.acme.proof=true}, as {@code ops/acme-proof} does after
 * installing pebble, lego, certbot, openssl, curl and jq); then a missing program or service jar fails it.
 * Everything listens on 127.0.0.1, ports 18500-18520. Times are shortened by settings, not by
 * skipped steps: poll interval 2 s, cool-down 3 s, watch and autopilot every second.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AcmeRenewalsEndToEndIT {

    static final int GENUINE_PORT = 18510;
    static final int MITM_PORT = 18511;
    static final int SERVICE_PORT = 18520;

    private static Path lab;
    private static Pebble pebble;
    private static PinwheelService service;
    private static TrustCeremony trust;
    private static Path editorToken;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPebbleAndService() throws Exception {
        Assumptions.assumeTrue(
                Boolean.getBoolean("pinwheel.acme.proof"),
                "the ACME proof runs with -Dpinwheel.acme.proof=true (ops/acme-proof installs what it needs and sets it)");
        for (String program : List.of("pebble", "lego", "certbot", "openssl", "curl", "jq")) {
            assertThat(Command.available(program))
                    .as("'%s' on the PATH (ops/acme-proof installs it from Debian)", program)
                    .isTrue();
        }
        Path jar = PinwheelService.serverJar();
        assertThat(jar)
                .as("the service jar (./mvnw -DskipTests package in the repository root)")
                .isNotNull();
        lab = Files.createTempDirectory("acme-proof");
        pebble = new Pebble(lab.resolve("pebble"));
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("pinwheel.bundles.poll-interval", "2s");
        settings.put("pinwheel.rotation.cool-down", "3s");
        settings.put("pinwheel.delivery.sync-interval", "1s");
        settings.put("pinwheel.watch.interval", "1s");
        settings.put("pinwheel.watch.autopilot-interval", "1s");
        // the live check and the watch may reach the genuine server on loopback (refused by default: SSRF guard)
        settings.put("pinwheel.discovery.allowed-networks", "127.0.0.0/8,::1/128");
        // ... and the genuine host's port (only 443 by default)
        settings.put("pinwheel.discovery.allowed-ports", "443," + GENUINE_PORT);
        service = PinwheelService.start(jar, settings, SERVICE_PORT);
        // the root keys stay offline (here, in the test): root version 1 and the first key set
        trust = TrustCeremony.begin(service, 1, 1);
        // the tool works with an editor token, not the admin one
        Answer token = service.post("/admin/v1/tokens", Map.of("name", "rollover", "role", "editor"))
                .expect(201);
        editorToken = Files.writeString(lab.resolve("editor.token"), token.string("token"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.close();
        }
        if (pebble != null) {
            pebble.close();
        }
        if (lab != null) {
            Path logs = Files.createDirectories(Path.of("target", "it-logs"));
            Path pebbleLog = lab.resolve("pebble").resolve("pebble.log");
            if (Files.exists(pebbleLog)) {
                Files.copy(pebbleLog, logs.resolve("pebble.log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            try (var files = Files.walk(lab)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(f -> f.toFile().delete());
            }
        }
    }

    // ---- the tool's refusals -------------------------------------------------------------------

    @Test
    @Order(1)
    void installWaitsWhileTheNextKeyIsNotPromotedAndRefusesAForeignKeyAndAForgedBundle() throws Exception {
        String host = "slow.pinwheel.test";
        Rollover tool = new Rollover(service.base, editorToken, dir.resolve("state"));
        // poll interval 60 s: promote is not safe before 2 minutes, far beyond this test
        String k0 = bootstrap(tool, host, "acme-slow", 60L);

        tool.ok("prepare", host);
        Path n1 = pebble.issue(host, csr(tool, host, "n1"), dir.resolve("n1.crt"));
        Command early = tool.run("install", host, "--cert", n1.toString());
        assertThat(early.exitCode()).as(early.output()).isEqualTo(75);
        assertThat(early.output())
                .contains("not yet")
                .contains("is staged, not promoted")
                .contains("the certificate was not installed; it waits in");
        assertThat(tool.currentPin(host)).isEqualTo(k0);
        // it waits in the state directory: install without --cert takes it (and still waits)
        Command again = tool.run("install", host);
        assertThat(again.exitCode()).as(again.output()).isEqualTo(75);
        assertThat(again.output()).contains("installing the certificate waiting in");

        // a certificate from the same CA for the same host, but for a key the tool did not make
        Path foreign = pebble.issue(host, Rollover.newKeyAndCsr(dir, "foreign", host), dir.resolve("foreign.crt"));
        Command refused = tool.run("install", host, "--cert", foreign.toString());
        assertThat(refused.exitCode()).as(refused.output()).isEqualTo(3);
        assertThat(refused.output()).contains("is not the next key").contains("not installing");
        assertThat(tool.currentPin(host)).isEqualTo(k0);

        // an impostor service claims the key is promoted and serves a bundle rewritten to pin it:
        // the signature, checked against the keys the apps ship, gives it away
        String next = tool.nextPin(host);
        Path shippedKeys = Files.writeString(dir.resolve("keys.json"), service.fetch("/v1/keys"));
        try (ImpostorPinwheel impostor = new ImpostorPinwheel(service.base, host, next)) {
            Command forged = tool.with("PINWHEEL_URL", impostor.base())
                    .with("PINWHEEL_KEYS_FILE", shippedKeys.toString())
                    .run("install", host);
            assertThat(forged.exitCode()).as(forged.output()).isEqualTo(4);
            assertThat(forged.output())
                    .contains("the ES256 signature does not verify")
                    .contains("refusing to trust it");
        }
        assertThat(tool.currentPin(host)).isEqualTo(k0);

        // prepare and renew again: nothing new is made or staged
        assertThat(tool.ok("prepare", host).output()).contains("is staged: rotation");
        assertThat(tool.nextPin(host)).isEqualTo(next);
        assertThat(rotations(host)).hasSize(1);
    }

    @Test
    @Order(2)
    void refusesABundleWhoseSignatureDoesNotVerifyAndAKeyTheNewestBundleDoesNotPin() throws Exception {
        String host = "quick.pinwheel.test";
        String app = "acme-quick";
        Rollover tool = new Rollover(service.base, editorToken, dir.resolve("state"));
        String k0 = bootstrap(tool, host, "acme-quick", null);
        tool.ok("prepare", host);
        String n1 = tool.nextPin(host);
        Path cert = pebble.issue(host, csr(tool, host, "n1"), dir.resolve("n1.crt"));
        awaitRotation(host, n1, "promoted"); // the autopilot publishes and promotes (no live check: it never finishes)

        // trusted keys that hold another P-256 key under each kid the service uses: the signature cannot verify
        List<com.nimbusds.jose.jwk.JWK> impostors = new ArrayList<>();
        for (com.nimbusds.jose.jwk.JWK real :
                JWKSet.parse(service.fetch("/v1/keys")).getKeys()) {
            ECKey other = new ECKeyGenerator(Curve.P_256).keyID(real.getKeyID()).generate();
            impostors.add(other.toPublicJWK());
        }
        Path wrongKeys = Files.writeString(dir.resolve("wrong-keys.json"), new JWKSet(impostors).toString());
        Command untrusted =
                tool.with("PINWHEEL_KEYS_FILE", wrongKeys.toString()).run("install", host, "--cert", cert.toString());
        assertThat(untrusted.exitCode()).as(untrusted.output()).isEqualTo(4);
        assertThat(untrusted.output())
                .contains("the ES256 signature does not verify")
                .contains("refusing to trust it");
        assertThat(tool.currentPin(host)).isEqualTo(k0);

        // an operator replaces the pins by hand and publishes a bundle that no longer pins the new key
        Answer pinSet = service.get("/admin/v1/domains/" + host + "/pin-set").expect(200);
        int version = ((Number) pinSet.body().get("version")).intValue();
        String spare = spares.get(host);
        service.put(
                        "/admin/v1/domains/" + host + "/pin-set",
                        Map.of(
                                "pins",
                                List.of(
                                        Map.of("sha256", k0, "role", "primary"),
                                        Map.of("sha256", spare, "role", "backup"))),
                        "\"" + version + "\"")
                .expect(200);
        // the publish check refuses it (PIN_REMOVED_TOO_EARLY: the new key was primary); the operator forces it
        Answer forced = service.post(
                        "/admin/v1/apps/" + app + "/bundles",
                        Map.of("force", true, "reason", "test: a hand-made pin set without the promoted key"))
                .expect(201);
        long seq = ((Number) ((Map<?, ?>) forced.body().get("bundle")).get("seq")).longValue();
        Command unpinned = tool.run("install", host, "--cert", cert.toString());
        assertThat(unpinned.exitCode()).as(unpinned.output()).isEqualTo(3);
        // (seq is the forced one or a later one the autopilot published from the same pins)
        assertThat(unpinned.output())
                .containsPattern("the newest bundle of app " + app + " \\(seq (\\d+)\\) does not pin "
                        + java.util.regex.Pattern.quote(n1));
        assertThat(Long.parseLong(unpinned.output().replaceAll("(?s).*\\(seq (\\d+)\\).*", "$1")))
                .isGreaterThanOrEqualTo(seq);
        assertThat(tool.currentPin(host)).isEqualTo(k0);

        // put the pins back and publish: now it installs
        service.put(
                        "/admin/v1/domains/" + host + "/pin-set",
                        Map.of(
                                "pins",
                                List.of(
                                        Map.of("sha256", n1, "role", "primary"),
                                        Map.of("sha256", k0, "role", "backup"),
                                        Map.of("sha256", spare, "role", "backup"))),
                        "\""
                                + service.get("/admin/v1/domains/" + host + "/pin-set")
                                        .body()
                                        .get("version") + "\"")
                .expect(200);
        service.publish(app);
        Command installed = tool.ok("install", host, "--cert", cert.toString());
        assertThat(installed.output()).contains("pinned by the newest verified bundles: " + app + ":");
        assertThat(tool.currentPin(host)).isEqualTo(n1);
    }

    @Test
    @Order(3)
    void anInstallCutShortByACrashCompletesWhenRunAgain() throws Exception {
        String host = "crash.pinwheel.test";
        Rollover tool = new Rollover(service.base, editorToken, dir.resolve("state"));
        String k0 = bootstrap(tool, host, "acme-crash", null);

        // prepare dies right after making the next key: the rerun keeps that key and stages it
        Command cut = tool.with("PINWHEEL_ROLLOVER_CRASH_AT", "new-key").run("prepare", host);
        assertThat(cut.exitCode()).as(cut.output()).isEqualTo(99);
        String n1 = tool.nextPin(host);
        assertThat(rotations(host)).isEmpty();
        tool.ok("prepare", host);
        assertThat(tool.nextPin(host)).isEqualTo(n1);
        assertThat(rotations(host)).hasSize(1);

        Path cert = pebble.issue(host, csr(tool, host, "n1"), dir.resolve("n1.crt"));
        awaitRotation(host, n1, "promoted");

        // install dies after the new live directory is written, before the switch: still serving K0
        Command beforeSwitch =
                tool.with("PINWHEEL_ROLLOVER_CRASH_AT", "live").run("install", host, "--cert", cert.toString());
        assertThat(beforeSwitch.exitCode()).as(beforeSwitch.output()).isEqualTo(99);
        assertThat(tool.currentPin(host)).isEqualTo(k0);

        // the rerun dies right after the switch: N1 is served, the following next key is not made yet
        Command afterSwitch =
                tool.with("PINWHEEL_ROLLOVER_CRASH_AT", "switch").run("install", host, "--cert", cert.toString());
        assertThat(afterSwitch.exitCode()).as(afterSwitch.output()).isEqualTo(99);
        assertThat(tool.currentPin(host)).isEqualTo(n1);
        assertThat(tool.nextPin(host)).isEqualTo(n1);

        // the next rerun finishes the job: it makes the following next key (staging waits for the open rotation)
        Command rerun = tool.ok("install", host, "--cert", cert.toString());
        assertThat(rerun.output())
                .contains("already the current key")
                .contains("created the next key")
                .contains("not staging the next key yet");
        assertThat(tool.currentPin(host)).isEqualTo(n1);
        assertThat(tool.nextPin(host)).isNotIn(n1, k0);
        assertThat(Files.readString(
                        tool.stateDir.resolve(host).resolve("current").resolve("privkey.pem")))
                .isEqualTo(Files.readString(tool.stateDir
                        .resolve(host)
                        .resolve("keys")
                        .resolve(tool.stateDir
                                        .resolve(host)
                                        .resolve("current")
                                        .toRealPath()
                                        .getFileName() + ".key")));
    }

    // ---- the proof -----------------------------------------------------------------------------

    @Test
    @Order(4)
    void threeAcmeRenewalsEachWithANewKeyNeverFailTheGenuineServerAndAlwaysRefuseTheMitm() throws Exception {
        String host = "localhost"; // the service's live check and watch resolve it, so they see what is served
        String app = "acme-renewals";
        Path hookLog = dir.resolve("deploy-hook.log");
        // the deploy hook an operator would point at "systemctl reload nginx"; this server reloads by itself
        Rollover tool = new Rollover(service.base, editorToken, dir.resolve("state"))
                .with("PINWHEEL_ROLLOVER_DEPLOY_HOOK", "echo \"$ROLLOVER_HOST $ROLLOVER_CERT\" >> '" + hookLog + "'");
        String k0 = bootstrap(tool, host, app, null);
        service.put("/admin/v1/domains/" + host + "/live-check", Map.of("enabled", true, "port", GENUINE_PORT), null)
                .expect(200);
        // the MITM: a certificate for the same host from the same (trusted) CA, for a key of its own
        Path mitmDir = Files.createDirectories(dir.resolve("mitm"));
        Path mitmCsr = Rollover.newKeyAndCsr(mitmDir, "privkey", host);
        Files.move(mitmDir.resolve("privkey.key"), mitmDir.resolve("privkey.pem"));
        pebble.issue(host, mitmCsr, mitmDir.resolve("fullchain.pem"));
        X509Certificate pebbleRoot = pebble.rootCertificate();

        AppEvents events = new AppEvents();
        List<String> keys = new ArrayList<>(List.of(k0));
        try (KeyFileTlsServer genuine =
                        new KeyFileTlsServer(tool.stateDir.resolve(host).resolve("current"), GENUINE_PORT);
                KeyFileTlsServer mitm = new KeyFileTlsServer(mitmDir, MITM_PORT)) {
            AppEndpoints endpoints = new AppEndpoints() {
                @Override
                public OkHttpClient.Builder appHttp() {
                    // the app's ordinary trust store: pebble's root, as a browser's holds Let's Encrypt's
                    HandshakeCertificates trust = new HandshakeCertificates.Builder()
                            .addTrustedCertificate(pebbleRoot)
                            .build();
                    return new OkHttpClient.Builder()
                            .sslSocketFactory(trust.sslSocketFactory(), trust.trustManager())
                            .callTimeout(Duration.ofSeconds(20));
                }

                @Override
                public String genuineUrl() {
                    return "https://" + host + ":" + genuine.port() + "/";
                }

                @Override
                public String mitmUrl() {
                    return "https://" + host + ":" + mitm.port() + "/";
                }
            };
            PinwheelClient pinwheel = PinwheelClient.create(PinwheelConfig.builder()
                    .appId(app)
                    .bundleUrl(service.bundleUrl(app))
                    .rootKeys(trust.rootVersion1Jwks(), trust.rootVersion1Threshold(), 1)
                    .store(new FileBundleStore(dir.resolve(app + ".jws")))
                    .appVersion("acme-e2e-1.0")
                    .listener(events)
                    .minPollInterval(Duration.ofSeconds(1))
                    .initialBackoff(Duration.ofSeconds(1))
                    .build());
            Timeline steps = new Timeline(
                    "Pinwheel + ACME: three renewals with pebble, lego and certbot (app " + app + ", host " + host
                            + "; one PinwheelClient and one OkHttpClient, configured once)",
                    () -> held(pinwheel));
            try (pinwheel;
                    AppTraffic traffic = new AppTraffic(endpoints, pinwheel, steps)) {
                steps.step("seq " + newestSeq(app) + ": K0 primary, spare backup; app starts");
                steps.note("K0 = " + k0 + " (issued by pebble, served on :" + GENUINE_PORT + ")");
                pinwheel.start();
                awaitHeld(pinwheel, newestSeq(app));
                traffic.startContinuous();
                traffic.awaitRounds(3);

                for (int renewal = 1; renewal <= 3; renewal++) {
                    String k = "K" + renewal;
                    steps.step("renewal " + renewal + ": prepare (stage the next key " + k + ", autopilot)");
                    Command prepared = awaitExit0(tool, "prepare", host);
                    String next = tool.nextPin(host);
                    keys.add(next);
                    steps.note(k + " = " + next + ": " + lastLine(prepared));

                    String client = renewal == 2 ? "certbot" : "lego";
                    steps.step("renewal " + renewal + ": bin/pinwheel-renew-" + client + " (CSR of " + k + ", " + client
                            + ", install --wait)");
                    Command renewed = renewScript(tool, client, host);
                    long waits = renewed.output()
                            .lines()
                            .filter(l -> l.contains("not yet"))
                            .count();
                    steps.note(client + " got a certificate for " + k + " from pebble; install: " + waits
                            + " x 'not yet' (75), then: "
                            + renewed.output()
                                    .lines()
                                    .filter(l -> l.contains("pinned by the newest verified bundles"))
                                    .findFirst()
                                    .orElse("?")
                                    .replaceFirst("^pinwheel-rollover: ", ""));
                    assertThat(tool.currentPin(host)).isEqualTo(next);
                    traffic.awaitServedBy("key " + next.substring("sha256/".length(), "sha256/".length() + 8));
                    X509Certificate served = certificate(
                            tool.stateDir.resolve(host).resolve("current").resolve("fullchain.pem"));
                    steps.note("the genuine server now serves " + k + ": serial "
                            + served.getSerialNumber().toString(16) + ", issuer "
                            + served.getIssuerX500Principal().getName());

                    steps.step("renewal " + renewal + ": autopilot: watch sees only " + k
                            + " for the cool-down -> finish");
                    Map<String, Object> finished = awaitRotation(host, next, "finished");
                    awaitAutopilotDone(host, next);
                    long seq = newestSeq(app);
                    awaitHeld(pinwheel, seq);
                    steps.note("rotation " + finished.get("id") + " finished; seq " + seq + " pins " + k
                            + " + spare only (the old key is dropped)");
                    traffic.awaitRounds(2);
                }
                steps.step("afterwards");
                traffic.awaitRounds(3);
                traffic.close();
            } finally {
                Files.writeString(
                        Files.createDirectories(Path.of("target", "it-logs")).resolve("timeline-acme.txt"),
                        steps.print());
            }

            assertThat(steps.genuineFailures())
                    .as("failed connections to the genuine server")
                    .isZero();
            assertThat(steps.mitmRefused())
                    .as("MITM connections refused by the pins")
                    .isPositive();
            assertThat(steps.mitmNotRefusedByPin())
                    .as("MITM connections NOT refused by the pins")
                    .isZero();
            assertThat(keys).as("K0..K3, each a new key").hasSize(4).doesNotHaveDuplicates();
            assertThat(tool.currentPin(host)).isEqualTo(keys.get(3));
            assertThat(Files.readAllLines(hookLog))
                    .as("deploy hook runs, one per install")
                    .hasSize(3)
                    .allSatisfy(line -> assertThat(line).startsWith(host + " ").endsWith("current/fullchain.pem"));
            try (var keyFiles = Files.list(tool.stateDir.resolve(host).resolve("keys"))) {
                assertThat(keyFiles.count())
                        .as("private keys kept: current (K3), previous (K2) and the next one")
                        .isEqualTo(3);
            }
            assertThat(pinwheel.bundle()
                            .orElseThrow()
                            .domainFor(host)
                            .orElseThrow()
                            .pins())
                    .contains(
                            keys.get(3).substring("sha256/".length()),
                            spares.get(host).substring("sha256/".length()))
                    .doesNotContain(
                            keys.get(0).substring(7),
                            keys.get(1).substring(7),
                            keys.get(2).substring(7));
            assertThat(events.pinFailures)
                    .isNotEmpty()
                    .allSatisfy(f -> assertThat(f.port())
                            .as("pin failures are for the MITM only")
                            .isEqualTo(MITM_PORT));
            events.assertNoTrouble();
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static final Map<String, String> spares = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The host's first certificate from pebble (key K0, made by openssl as any ACME client would),
     * taken over by {@code init}; the app, the domain (enforce) with K0 primary and a spare backup,
     * and a first bundle. Returns K0's pin.
     */
    private String bootstrap(Rollover tool, String host, String app, Long pollIntervalSeconds) throws Exception {
        Path csr = Rollover.newKeyAndCsr(dir, "k0-" + host, host);
        Path cert = pebble.issue(host, csr, dir.resolve("k0-" + host + ".crt"));
        tool.ok("init", host, "--key", dir.resolve("k0-" + host + ".key").toString(), "--cert", cert.toString());
        String k0 = tool.currentPin(host);
        HeldCertificate spareKey = new HeldCertificate.Builder()
                .commonName("spare")
                .duration(1, TimeUnit.DAYS)
                .build();
        String spare = "sha256/" + dev.pinwheel.client.Pins.of(spareKey.certificate());
        spares.put(host, spare);
        Map<String, Object> create = new LinkedHashMap<>();
        create.put("id", app);
        create.put("displayName", "ACME " + app);
        if (pollIntervalSeconds != null) {
            create.put("pollIntervalSeconds", pollIntervalSeconds);
        }
        service.post("/admin/v1/apps", create).expect(201);
        service.post("/admin/v1/domains", Map.of("host", host, "mode", "enforce"))
                .expect(201);
        service.put("/admin/v1/apps/" + app + "/domains", Map.of("hosts", List.of(host)), null)
                .expectSuccess();
        service.put(
                        "/admin/v1/domains/" + host + "/pin-set",
                        Map.of(
                                "pins",
                                List.of(
                                        Map.of("sha256", k0, "role", "primary"),
                                        Map.of("sha256", spare, "role", "backup"))),
                        "\"0\"")
                .expectSuccess();
        service.publish(app);
        return k0;
    }

    /** {@code renew HOST --out FILE}: the CSR of the pinned next key. */
    private Path csr(Rollover tool, String host, String name) throws Exception {
        Path csr = dir.resolve(name + "-" + host + ".csr");
        tool.ok("renew", host, "--out", csr.toString());
        return csr;
    }

    /**
     * One run of a renewal recipe ({@code bin/pinwheel-renew-lego} or {@code -certbot}) as
     * docs/acme.md schedules it, pointed at pebble: the ACME client trusts pebble's HTTPS
     * certificate, answers (always-valid) challenges on 127.0.0.1, keeps its files in the test's
     * directory; RENEW_DAYS beyond pebble's 5-year certificates makes every run renew.
     */
    private Command renewScript(Rollover tool, String client, String host) throws Exception {
        Path work = Files.createDirectories(dir.resolve(client));
        Rollover recipe = tool.with("ACME_EMAIL", "ops@pinwheel.test")
                .with("ACME_SERVER", pebble.directoryUrl())
                .with("RENEW_DAYS", "3650")
                .with("INSTALL_WAIT", "120s")
                .with("LEGO_CA_CERTIFICATES", pebble.tlsCertificate().toString())
                .with("REQUESTS_CA_BUNDLE", pebble.tlsCertificate().toString())
                .with("LEGO_PATH", work.resolve("lego").toString())
                .with("LEGO_OPTIONS", "--http --http.port 127.0.0.1:" + Pebble.LEGO_HTTP_PORT)
                .with(
                        "CERTBOT_OPTIONS",
                        "--standalone --http-01-address 127.0.0.1 --http-01-port " + Pebble.LEGO_HTTP_PORT
                                + " --config-dir " + work.resolve("etc") + " --work-dir " + work.resolve("work")
                                + " --logs-dir " + work.resolve("logs"));
        Command run = recipe.script("pinwheel-renew-" + client, host);
        assertThat(run.exitCode())
                .as("pinwheel-renew-%s: %s", client, run.output())
                .isZero();
        return run;
    }

    /** Runs the tool until it exits 0, while it says "not yet" (75). */
    private static Command awaitExit0(Rollover tool, String... args) {
        Command[] last = new Command[1];
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    last[0] = tool.run(args);
                    assertThat(last[0].exitCode()).as(last[0].output()).isIn(0, 75);
                    return last[0].exitCode() == 0;
                });
        return last[0];
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rotations(String host) {
        return (List<Map<String, Object>>) service.get("/admin/v1/domains/" + host + "/rotations")
                .expect(200)
                .body()
                .get("rotations");
    }

    private static Map<String, Object> rotation(String host, String newPin) {
        return rotations(host).stream()
                .filter(r -> newPin.equals(r.get("newPin")))
                .findFirst()
                .orElse(Map.of());
    }

    private static Map<String, Object> awaitRotation(String host, String newPin, String state) {
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> state.equals(rotation(host, newPin).get("state")));
        return rotation(host, newPin);
    }

    @SuppressWarnings("unchecked")
    private static void awaitAutopilotDone(String host, String newPin) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    Map<String, Object> autopilot =
                            (Map<String, Object>) rotation(host, newPin).get("autopilot");
                    return autopilot != null && "done".equals(autopilot.get("lastAction"));
                });
    }

    @SuppressWarnings("unchecked")
    private static long newestSeq(String app) {
        List<Map<String, Object>> items =
                (List<Map<String, Object>>) service.get("/admin/v1/apps/" + app + "/bundles?limit=1")
                        .expect(200)
                        .body()
                        .get("items");
        return ((Number) items.get(0).get("seq")).longValue();
    }

    private static void awaitHeld(PinwheelClient pinwheel, long seq) {
        await().atMost(Duration.ofSeconds(30)).until(() -> held(pinwheel) >= seq);
    }

    private static long held(PinwheelClient pinwheel) {
        return pinwheel.bundle().map(Bundle::seq).orElse(-1L);
    }

    private static X509Certificate certificate(Path pem) throws Exception {
        return (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(Files.newInputStream(pem));
    }

    private static String lastLine(Command command) {
        List<String> lines = command.output().lines().toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1).replaceFirst("^pinwheel-rollover: ", "");
    }
}
