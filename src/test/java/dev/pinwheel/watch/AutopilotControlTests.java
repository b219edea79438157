package dev.pinwheel.watch;

import static dev.pinwheel.watch.AutopilotFlowTests.autopilot;
import static dev.pinwheel.watch.AutopilotFlowTests.awaitRotation;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pinwheel.bundles.PublishedBundles;
import dev.pinwheel.pins.DomainMode;
import dev.pinwheel.pins.HostName;
import dev.pinwheel.support.BundleFixtures;
import dev.pinwheel.support.RotationScenario;
import dev.pinwheel.support.TestHttp;
import dev.pinwheel.support.WatchSpringTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** An operator's hold on the autopilot: pause, resume, abort, and the refusals around them. */
@WatchSpringTest
class AutopilotControlTests extends RotationScenario {

    @Autowired
    PublishedBundles published;

    @Autowired
    Autopilot autopilotJob;

    @Test
    void aPausedAutopilotTakesNoStepUntilResumedAndAbortEndsIt() {
        f.appWithDomain(app, host);
        f.setPins(host, BundleFixtures.randomPin() + " primary", BundleFixtures.randomPin() + " backup");
        f.publish(app);

        // staged and paused while holding the autopilot's lock (runOnce is synchronized), so it cannot step between
        TestHttp.Response staged;
        String rotation;
        JsonNode paused;
        synchronized (autopilotJob) {
            staged = admin.post(
                    "/admin/v1/domains/" + host + "/rotations",
                    Map.of("pin", "sha256/" + BundleFixtures.randomPin(), "autopilot", true));
            assertThat(staged.status()).as(staged.raw().body()).isEqualTo(201);
            rotation = "/admin/v1/domains/" + host + "/rotations/"
                    + staged.json().get("id").asLong();
            TestHttp.Response p = admin.post(rotation + "/pause", "");
            assertThat(p.status()).as(p.raw().body()).isEqualTo(200);
            paused = p.json();
        }
        assertThat(autopilot(paused, "lastAction")).isEqualTo("paused");
        assertThat(paused.get("autopilot").get("paused").asBoolean()).isTrue();
        assertThat(autopilot(paused, "waitingFor")).contains("paused");
        long seqWhenPaused = published.newestEntry(app, host).orElseThrow().seq();

        autopilotJob.runOnce();
        autopilotJob.runOnce();
        assertThat(published.newestEntry(app, host).orElseThrow().seq()).isEqualTo(seqWhenPaused);
        assertThat(admin.get(rotation).json().get("autopilot").get("paused").asBoolean())
                .isTrue();

        TestHttp.Response again = admin.post(rotation + "/pause", "");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.text("type")).endsWith("/rotation-state");
        assertThat(again.text("detail")).contains("paused already");

        TestHttp.Response resumed = admin.post(rotation + "/resume", "");
        assertThat(resumed.status()).isEqualTo(200);
        assertThat(resumed.json().get("autopilot").get("paused").asBoolean()).isFalse();
        assertThat(admin.post(rotation + "/resume", "").status()).isEqualTo(409);

        // resumed: the autopilot publishes the staged key and waits for promote to be safe
        awaitRotation(
                admin,
                rotation,
                r -> "published".equals(autopilot(r, "lastAction"))
                        || autopilot(r, "waitingFor") != null
                                && autopilot(r, "waitingFor").contains("not safe before"));
        assertThat(published.newestEntry(app, host).orElseThrow().seq()).isGreaterThan(seqWhenPaused);

        TestHttp.Response aborted = admin.post(rotation + "/abort", "");
        assertThat(aborted.status()).isEqualTo(200);
        assertThat(aborted.text("state")).isEqualTo("aborted");
        assertThat(autopilot(aborted.json(), "lastAction")).isEqualTo("aborted");
        assertThat(aborted.json().get("autopilot").get("waitingFor").isNull()).isTrue();
        assertThat(admin.post(rotation + "/pause", "").status()).isEqualTo(409);
        assertThat(admin.post(rotation + "/resume", "").status()).isEqualTo(409);
        long seqAfterAbort = published.newestEntry(app, host).orElseThrow().seq();
        autopilotJob.runOnce();
        assertThat(admin.get(rotation).text("state")).isEqualTo("aborted");
        assertThat(autopilot(admin.get(rotation).json(), "lastAction")).isEqualTo("aborted");
        assertThat(published.newestEntry(app, host).orElseThrow().seq()).isEqualTo(seqAfterAbort);
    }

    @Test
    void pauseIsRefusedForARotationWithoutAutopilotAndForTokensBelowPublisher() {
        String host = "manual-" + BundleFixtures.suffix() + ".rotation.test";
        pins.createDomain(HostName.of(host), false, DomainMode.ENFORCE);
        f.setPins(host, BundleFixtures.randomPin() + " primary", BundleFixtures.randomPin() + " backup");
        TestHttp.Response staged = admin.post(
                "/admin/v1/domains/" + host + "/rotations", Map.of("pin", "sha256/" + BundleFixtures.randomPin()));
        assertThat(staged.json().get("autopilot").get("enabled").asBoolean()).isFalse();
        assertThat(staged.json().get("autopilot").get("lastAction").isNull()).isTrue();
        String rotation = "/admin/v1/domains/" + host + "/rotations/"
                + staged.json().get("id").asLong();

        TestHttp.Response refused = admin.post(rotation + "/pause", "");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.text("detail")).contains("not staged with autopilot");

        TestHttp.Response token =
                admin.post("/admin/v1/tokens", Map.of("name", "editor-" + BundleFixtures.suffix(), "role", "editor"));
        assertThat(token.status()).as(token.raw().body()).isEqualTo(201);
        TestHttp editor = new TestHttp(port, token.text("token"));
        TestHttp.Response forbidden = editor.post(rotation + "/pause", "");
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.contentType()).contains("application/problem+json");

        assertThat(admin.post("/admin/v1/domains/" + host + "/rotations/999999/pause", "")
                        .status())
                .isEqualTo(404);
    }

    @Test
    void aStageWithAMalformedAutopilotFlagIsRefusedAndStagesNothing() {
        String host = "badflag-" + BundleFixtures.suffix() + ".rotation.test";
        pins.createDomain(HostName.of(host), false, DomainMode.ENFORCE);
        int version = f.setPins(host, BundleFixtures.randomPin() + " primary", BundleFixtures.randomPin() + " backup");

        TestHttp.Response bad = admin.post(
                "/admin/v1/domains/" + host + "/rotations",
                "{\"pin\": \"sha256/" + BundleFixtures.randomPin() + "\", \"autopilot\": \"sometimes\"}");
        assertThat(bad.status()).as(bad.raw().body()).isEqualTo(400);
        assertThat(bad.contentType()).contains("application/problem+json");
        TestHttp.Response noKey = admin.post("/admin/v1/domains/" + host + "/rotations", Map.of("autopilot", true));
        assertThat(noKey.status()).isEqualTo(400);
        assertThat(noKey.json().get("violations").get(0).get("field").asString())
                .isEqualTo("certificate");

        assertThat(admin.get("/admin/v1/domains/" + host + "/rotations")
                        .json()
                        .get("rotations")
                        .size())
                .isZero();
        assertThat(pins.domain(HostName.of(host)).currentVersion()).isEqualTo(version);
    }
}
