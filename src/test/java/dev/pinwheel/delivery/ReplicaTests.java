package dev.pinwheel.delivery;

import static dev.pinwheel.support.BundleFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.pinwheel.PinwheelApplication;
import dev.pinwheel.bundles.BundleManagement;
import dev.pinwheel.bundles.BundleSummary;
import dev.pinwheel.support.BundleFixtures;
import dev.pinwheel.support.MutableClock;
import dev.pinwheel.support.TestDatabase;
import dev.pinwheel.support.Tokens;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Two instances of the service on one PostgreSQL database, as two replicas behind a load balancer. */
class ReplicaTests {

    static final String TOKEN = Tokens.ADMIN;
    final List<ConfigurableApplicationContext> started = new ArrayList<>();

    @AfterEach
    void stopAll() {
        started.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void publishOnOneReplicaIsServedByTheOtherThroughNotifyAndSurvivesARestart() {
        String db = TestDatabase.get().freshSibling().url();
        // a long periodic check, so only LISTEN/NOTIFY can make the other replica see it in time
        ConfigurableApplicationContext a = start(db, null, "pinwheel.delivery.sync-interval=10m");
        ConfigurableApplicationContext b = start(db, null, "pinwheel.delivery.sync-interval=10m");
        BundleFixtures viaA = fixtures(a);
        BundleFixtures.App app = viaA.appWithDomains(2);
        long seq = viaA.publishOk(app.id());
        String path = "/v1/apps/" + app.id() + "/bundle";
        String etag = viaA.fetch(path).headers().firstValue("ETag").orElseThrow();

        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(
                        () -> assertThat(fixtures(b).fetch(path).headers().firstValue("ETag"))
                                .hasValue(etag));

        b.close();
        ConfigurableApplicationContext restarted = start(db, null, "pinwheel.delivery.sync-interval=10m");
        HttpResponse<String> afterRestart = fixtures(restarted).fetch(path);
        assertThat(afterRestart.statusCode()).isEqualTo(200);
        assertThat(afterRestart.headers().firstValue("ETag")).hasValue(etag);

        long next = fixtures(restarted).publishOk(app.id());
        assertThat(next).isEqualTo(seq + 1);
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(
                        () -> assertThat(seqServed(fixtures(a), app.id())).isEqualTo(next));
    }

    /**
     * A deleted app is neither re-signed nor counted by the freshness health: serving its last
     * bundle on would let it run into expiry silently. Every replica stops serving it instead.
     */
    @Test
    void deletedAppsBundleIsNotServedOnByAnyReplica() {
        String db = TestDatabase.get().freshSibling().url();
        // a long periodic check, so only LISTEN/NOTIFY can make the other replica drop it in time
        ConfigurableApplicationContext a = start(db, null, "pinwheel.delivery.sync-interval=10m");
        ConfigurableApplicationContext b = start(db, null, "pinwheel.delivery.sync-interval=10m");
        BundleFixtures.App app = fixtures(a).appWithDomains(1);
        long seq = fixtures(a).publishOk(app.id());
        String path = "/v1/apps/" + app.id() + "/bundle";
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(
                        () -> assertThat(seqServed(fixtures(b), app.id())).isEqualTo(seq));

        BundleFixtures.expect(204, fixtures(a).send("DELETE", "/admin/v1/apps/" + app.id(), null));

        HttpResponse<String> gone = fixtures(a).fetch(path);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(gone.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(gone.body()).contains("deleted").doesNotContain(".ey");
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(
                        () -> assertThat(fixtures(b).fetch(path).statusCode()).isEqualTo(404));
        // a restarted replica does not load it either, and the history keeps it
        ConfigurableApplicationContext c = start(db, null, "pinwheel.delivery.sync-interval=10m");
        assertThat(fixtures(c).fetch(path).statusCode()).isEqualTo(404);
        assertThat(json(fixtures(c).send("GET", "/admin/v1/apps/" + app.id() + "/bundles", null))
                        .get("items")
                        .size())
                .isEqualTo(1);

        // an app re-created under the same id does not serve the deleted app's bundle either
        BundleFixtures.expect(
                201,
                fixtures(a).send("POST", "/admin/v1/apps", java.util.Map.of("id", app.id(), "displayName", "again")));
        assertThat(fixtures(c).fetch(path).statusCode()).isEqualTo(404);
        c.getBean(BundleCache.class).refreshAll();
        assertThat(fixtures(c).fetch(path).statusCode()).isEqualTo(404);
    }

    @Test
    void adoptionCountedByEachReplicaIsMergedOnReadFromEither() {
        String db = TestDatabase.get().freshSibling().url();
        String[] fastFlush = {"pinwheel.delivery.adoption-flush-interval=200ms", "pinwheel.delivery.adoption-bucket=1s"
        };
        ConfigurableApplicationContext a = start(db, null, fastFlush);
        ConfigurableApplicationContext b = start(db, null, fastFlush);
        BundleFixtures.App app = fixtures(a).appWithDomains(1);
        long seq = fixtures(a).publishOk(app.id());
        String path = "/v1/apps/" + app.id() + "/bundle";
        String etag = fixtures(a).fetch(path).headers().firstValue("ETag").orElseThrow();
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(
                                fixtures(b).fetch(path, "If-None-Match", etag).statusCode())
                        .isEqualTo(304));
        // a: 1 fetch without a bundle + 5 polls holding it; b: the 304 above + 6 more
        for (int i = 0; i < 5; i++) {
            assertThat(fixtures(a).fetch(path, "If-None-Match", etag).statusCode())
                    .isEqualTo(304);
        }
        for (int i = 0; i < 6; i++) {
            assertThat(fixtures(b).fetch(path, "If-None-Match", etag).statusCode())
                    .isEqualTo(304);
        }
        int heldOnB = 7; // before b served the bundle its answer was 404, which counts nothing
        for (ConfigurableApplicationContext reader : List.of(a, b)) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                JsonNode adoption =
                        json(fixtures(reader).send("GET", "/admin/v1/apps/" + app.id() + "/adoption", null));
                assertThat(adoption.get("noBundlePolls").asLong()).isEqualTo(1);
                // an assertion, not a null: the await retries until both replicas' counts are flushed
                assertThat(adoption.get("bySeq").size()).isEqualTo(1);
                assertThat(adoption.get("bySeq").get(0).get("seq").asLong()).isEqualTo(seq);
                assertThat(adoption.get("bySeq").get(0).get("polls").asLong()).isEqualTo(5 + heldOnB);
                assertThat(adoption.get("onNewestPolls").asLong())
                        .isEqualTo(adoption.get("polls").asLong() - 1);
            });
        }
        String replicaA = a.getBean(AdoptionStore.class).replicaId();
        String replicaB = b.getBean(AdoptionStore.class).replicaId();
        assertThat(replicaA).isNotEqualTo(replicaB);
        List<String> writers = a.getBean(JdbcClient.class)
                .sql("select distinct replica_id from bundle_adoption " + "where app_id = ? order by replica_id")
                .param(app.id())
                .query(String.class)
                .list();
        assertThat(writers).as("each replica writes its own rows").containsExactlyInAnyOrder(replicaA, replicaB);
    }

    @Test
    void periodicCheckAloneKeepsReplicasInSync() {
        String db = TestDatabase.get().freshSibling().url();
        ConfigurableApplicationContext a =
                start(db, null, "pinwheel.delivery.listen=false", "pinwheel.delivery.sync-interval=1s");
        ConfigurableApplicationContext b =
                start(db, null, "pinwheel.delivery.listen=false", "pinwheel.delivery.sync-interval=1s");
        BundleFixtures.App app = fixtures(a).appWithDomains(1);
        long seq = fixtures(a).publishOk(app.id());
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(
                        () -> assertThat(seqServed(fixtures(b), app.id())).isEqualTo(seq));
    }

    @Test
    void dueBundleIsResignedExactlyOnceByTwoInstances() throws Exception {
        String db = TestDatabase.get().freshSibling().url();
        MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        ConfigurableApplicationContext a = start(db, clock);
        ConfigurableApplicationContext b = start(db, clock);
        BundleFixtures.App app = fixtures(a).appWithDomains(1);
        long seq = fixtures(a).publishOk(app.id());

        clock.advance(Duration.ofDays(6));
        assertThat(resignOnBoth(a, b)).isEmpty();

        clock.advance(Duration.ofDays(2));
        List<BundleSummary> resigned = resignOnBoth(a, b);
        assertThat(resigned).hasSize(1);
        assertThat(resigned.get(0).seq()).isEqualTo(seq + 1);
        assertThat(resignOnBoth(a, b)).isEmpty();

        JsonNode history = json(fixtures(b).send("GET", "/admin/v1/apps/" + app.id() + "/bundles", null))
                .get("items");
        assertThat(history.size()).isEqualTo(2);
        JsonNode newest = history.get(0);
        assertThat(newest.get("kind").asString()).isEqualTo("resign");
        assertThat(newest.get("actor").asString()).isEqualTo("system");
        assertThat(newest.get("republishedFromSeq").asLong()).isEqualTo(seq);
        assertThat(Instant.parse(newest.get("iat").asString())).isEqualTo(clock.instant());
        assertThat(newest.get("domains")).isEqualTo(history.get(1).get("domains"));

        for (ConfigurableApplicationContext instance : List.of(a, b)) {
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() ->
                            assertThat(seqServed(fixtures(instance), app.id())).isEqualTo(seq + 1));
        }
        JWTClaimsSet claims = JWTClaimsSet.parse(JWSObject.parse(
                        fixtures(a).fetch("/v1/apps/" + app.id() + "/bundle").body())
                .getPayload()
                .toJSONObject());
        assertThat(claims.getExpirationTime().toInstant())
                .isEqualTo(clock.instant().plus(Duration.ofDays(14)));
    }

    @Test
    void reSignJobFindsDueBundlesByEachAppsCurrentLifetime() {
        String db = TestDatabase.get().freshSibling().url();
        MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        ConfigurableApplicationContext a = start(db, clock);
        BundleFixtures api = fixtures(a);
        BundleFixtures.App shortened = api.appWithDomains(1);
        BundleFixtures.App ordinary = api.appWithDomains(1);
        long seq = api.publishOk(shortened.id());
        api.publishOk(ordinary.id());
        // the lifetime is shortened after the publish: the app's current lifetime decides (2 days,
        // due after 1), not the 14 days of the bundle it holds
        BundleFixtures.expect(
                200,
                api.send(
                        "PUT",
                        "/admin/v1/apps/" + shortened.id(),
                        Map.of(
                                "displayName",
                                "short-lived",
                                "bundleLifetimeSeconds",
                                Duration.ofDays(2).toSeconds())));

        clock.advance(Duration.ofHours(23));
        assertThat(a.getBean(BundleManagement.class).resignDue()).isEmpty();

        clock.advance(Duration.ofHours(2));
        List<BundleSummary> resigned = a.getBean(BundleManagement.class).resignDue();
        assertThat(resigned).extracting(BundleSummary::appId).containsExactly(shortened.id());
        assertThat(resigned.get(0).seq()).isEqualTo(seq + 1);
        assertThat(resigned.get(0).expiresAt()).isEqualTo(clock.instant().plus(Duration.ofDays(2)));
        assertThat(a.getBean(BundleManagement.class).resignDue()).isEmpty();
    }

    private static List<BundleSummary> resignOnBoth(
            ConfigurableApplicationContext a, ConfigurableApplicationContext b) {
        CompletableFuture<List<BundleSummary>> onA = CompletableFuture.supplyAsync(
                () -> a.getBean(BundleManagement.class).resignDue());
        CompletableFuture<List<BundleSummary>> onB = CompletableFuture.supplyAsync(
                () -> b.getBean(BundleManagement.class).resignDue());
        List<BundleSummary> all = new ArrayList<>(onA.join());
        all.addAll(onB.join());
        return all;
    }

    private static long seqServed(BundleFixtures api, String appId) throws Exception {
        HttpResponse<String> r = api.fetch("/v1/apps/" + appId + "/bundle");
        if (r.statusCode() != 200) {
            return -1;
        }
        return JWTClaimsSet.parse(JWSObject.parse(r.body()).getPayload().toJSONObject())
                .getLongClaim("seq");
    }

    private static BundleFixtures fixtures(ConfigurableApplicationContext ctx) {
        return new BundleFixtures(
                ((WebServerApplicationContext) ctx).getWebServer().getPort(), TOKEN);
    }

    private ConfigurableApplicationContext start(String db, MutableClock clock, String... properties) {
        List<String> args = new ArrayList<>(List.of(
                "--pinwheel.test.database-url=" + db, "--server.port=0", "--PINWHEEL_BOOTSTRAP_TOKEN=" + TOKEN));
        for (String p : properties) {
            args.add("--" + p);
        }
        SpringApplicationBuilder builder = new SpringApplicationBuilder(PinwheelApplication.class);
        if (clock != null) {
            builder.initializers(ctx -> ctx.getBeanFactory().registerSingleton("clock", clock));
        }
        ConfigurableApplicationContext ctx = builder.run(args.toArray(String[]::new));
        started.add(ctx);
        return ctx;
    }
}
