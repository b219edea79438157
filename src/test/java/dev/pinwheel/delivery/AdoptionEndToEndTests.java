package dev.pinwheel.delivery;

import static dev.pinwheel.support.BundleFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pinwheel.support.BundleFixtures;
import dev.pinwheel.support.MutableClock;
import dev.pinwheel.support.RotationSpringTest;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Adoption counted from real polls (HTTP with {@code If-None-Match}, as a client app sends them)
 * against the running service, read through the admin API, and the rotation's promote that waits
 * for it. The clock is the test's: the time rule is passed by moving it, the evidence only by polls.
 */
@RotationSpringTest
@TestPropertySource(
        properties = {
            "pinwheel.delivery.adoption-flush-interval=200ms",
            "pinwheel.delivery.adoption-bucket=1s",
            "pinwheel.rotation.adoption-min-polls=10"
        })
class AdoptionEndToEndTests {

    static final Duration POLL_INTERVAL = Duration.ofHours(1);

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    BundleFixtures api;

    @BeforeEach
    void setUp() {
        api = new BundleFixtures(port, RotationSpringTest.TOKEN);
    }

    /** A polling client: remembers the ETag of the bundle it holds and sends it with every poll. */
    final class Client {
        String etag;

        int poll(String appId) {
            HttpResponse<String> r =
                    etag == null ? api.fetch(bundlePath(appId)) : api.fetch(bundlePath(appId), "If-None-Match", etag);
            if (r.statusCode() == 200) {
                etag = r.headers().firstValue("ETag").orElseThrow();
            }
            return r.statusCode();
        }
    }

    record Setup(String appId, String host, String oldPin, String newPin, long rotationId) {}

    /** An app with one domain (A primary, X backup), published, with {@code clients} holding that bundle. */
    private Setup appWithClients(List<Client> clients, int percent) {
        String appId = api.createApp("adopt");
        String host = api.createDomain("adopt", "enforce");
        String a = BundleFixtures.randomPin();
        api.setPins(host, 0, List.of(a, BundleFixtures.randomPin()));
        api.setDomains(appId, List.of(host));
        BundleFixtures.expect(
                200,
                api.send(
                        "PUT",
                        "/admin/v1/apps/" + appId,
                        Map.of("displayName", "Adoption " + appId, "promoteAdoptionPercent", percent)));
        api.publishOk(appId);
        for (Client c : clients) {
            assertThat(c.poll(appId)).isEqualTo(200);
        }
        String b = BundleFixtures.randomPin();
        HttpResponse<String> staged =
                api.send("POST", "/admin/v1/domains/" + host + "/rotations", Map.of("pin", "sha256/" + b));
        BundleFixtures.expect(201, staged);
        return new Setup(appId, host, a, b, json(staged).get("id").asLong());
    }

    @Test
    void promoteIsRefusedWhileTooFewPollsComeFromClientsPinningTheNewKeyAndAllowedOnceEnoughFetchedIt() {
        List<Client> clients = clients(20);
        Setup s = appWithClients(clients, 80);
        awaitPolls(s.appId(), 20); // their first fetch: no bundle yet
        long newSeq = api.publishOk(s.appId());
        clock.advance(POLL_INTERVAL.multipliedBy(2).plusMinutes(1)); // past the time rule

        // every client polls once with the bundle it holds (which does not pin the new key) and gets the new one
        clients.forEach(c -> assertThat(c.poll(s.appId())).isEqualTo(200));
        awaitPolls(s.appId(), 20);
        HttpResponse<String> refused = promote(s, null);
        assertThat(refused.statusCode()).isEqualTo(409);
        JsonNode problem = json(refused);
        assertThat(problem.get("type").asString()).endsWith("rotation-not-safe-yet");
        assertThat(problem.get("detail").asString()).contains("0.0 % of 20 polls, needs 80 %");
        JsonNode figure = problem.get("adoption").get(0);
        assertThat(figure.get("appId").asString()).isEqualTo(s.appId());
        assertThat(figure.get("polls").asLong()).isEqualTo(20);
        assertThat(figure.get("pinningPolls").asLong()).isZero();
        assertThat(figure.get("status").asString()).isEqualTo("below-threshold");

        JsonNode view = json(api.send("GET", rotationPath(s), null));
        assertThat(view.get("state").asString()).isEqualTo("staged");
        assertThat(view.get("nextStepWaitsFor").asString()).contains("adoption").contains("needs 80 %");
        assertThat(view.get("adoption").get(0).get("percent").asDouble()).isZero();

        // an hour later those polls are out of the window; 15 clients poll with the new bundle, 5 still hold the old
        clock.advance(POLL_INTERVAL.plusMinutes(1));
        Client stale = new Client();
        assertThat(stale.poll(s.appId())).isEqualTo(200);
        String newEtag = stale.etag;
        List<Client> laggards = clients(5);
        String oldEtag = etagOfSeq(s.appId(), newSeq - 1);
        laggards.forEach(c -> c.etag = oldEtag);
        for (Client c : clients.subList(0, 15)) {
            assertThat(c.poll(s.appId())).isEqualTo(304);
        }
        laggards.forEach(c -> assertThat(c.poll(s.appId())).isEqualTo(200));
        awaitPolls(s.appId(), 21); // the 15, the 5 laggards and the stale one's first fetch
        HttpResponse<String> stillRefused = promote(s, null);
        assertThat(stillRefused.statusCode()).isEqualTo(409);
        assertThat(json(stillRefused).get("adoption").get(0).get("percent").asDouble())
                .isEqualTo(71.4); // 15 of 21

        // the laggards fetched the new bundle with their last poll; their next poll holds it
        laggards.forEach(c -> assertThat(c.poll(s.appId())).isEqualTo(304));
        assertThat(laggards.get(0).etag).isEqualTo(newEtag);
        awaitPolls(s.appId(), 26);
        JsonNode key = json(api.send(
                        "GET",
                        adoptionPath(s.appId()) + "?host=" + s.host() + "&pin="
                                + URLEncoder.encode("sha256/" + s.newPin(), StandardCharsets.UTF_8),
                        null))
                .get("key");
        assertThat(key.get("pinningPolls").asLong()).isEqualTo(20);
        assertThat(key.get("percent").asDouble()).isEqualTo(76.9); // 20 of 26: still short of 80
        assertThat(promote(s, null).statusCode()).isEqualTo(409);

        for (Client c : clients.subList(0, 15)) {
            assertThat(c.poll(s.appId())).isEqualTo(304);
        }
        awaitPolls(s.appId(), 41); // 35 of 41 = 85.3 %
        HttpResponse<String> promoted = promote(s, null);
        assertThat(promoted.statusCode()).as(promoted.body()).isEqualTo(200);
        assertThat(json(promoted).get("state").asString()).isEqualTo("promoted");
        assertThat(json(promoted).get("adoption").size()).isZero();
    }

    @Test
    void adoptionShowsTheShareOfPollsByHeldBundleAndForAKey() {
        List<Client> clients = clients(6);
        Setup s = appWithClients(clients, 95);
        long newSeq = api.publishOk(s.appId());
        // 4 clients fetch the new bundle (their poll holds the first), then poll again holding the new one
        for (Client c : clients.subList(0, 4)) {
            assertThat(c.poll(s.appId())).isEqualTo(200);
            assertThat(c.poll(s.appId())).isEqualTo(304);
        }
        Client garbled = new Client();
        garbled.etag = "\"not-a-bundle-we-served\"";
        assertThat(garbled.poll(s.appId())).isEqualTo(200);
        Client weak = new Client();
        weak.etag = "W/" + clients.get(0).etag + ", \"x\"";
        assertThat(weak.poll(s.appId())).isEqualTo(304);
        // 6 first fetches (none) + 4 on the old seq + 5 on the new (4 + weak) + 1 unknown = 16
        JsonNode all = awaitPolls(s.appId(), 16);
        assertThat(all.get("newestSeq").asLong()).isEqualTo(newSeq);
        assertThat(all.get("onNewestPolls").asLong()).isEqualTo(5);
        assertThat(all.get("onNewestPercent").asDouble()).isEqualTo(31.2);
        assertThat(all.get("noBundlePolls").asLong()).isEqualTo(6);
        assertThat(all.get("unknownEtagPolls").asLong()).isEqualTo(1);
        assertThat(all.get("bySeq").get(0).get("seq").asLong()).isEqualTo(newSeq);
        assertThat(all.get("bySeq").get(1).get("seq").asLong()).isEqualTo(newSeq - 1);
        assertThat(all.get("bySeq").get(1).get("polls").asLong()).isEqualTo(4);

        JsonNode key = json(api.send(
                        "GET",
                        adoptionPath(s.appId()) + "?host=" + s.host() + "&pin=sha256/"
                                + URLEncoder.encode(s.oldPin(), StandardCharsets.UTF_8),
                        null))
                .get("key");
        assertThat(key.get("pin").asString()).isEqualTo("sha256/" + s.oldPin());
        assertThat(key.get("pinningPolls").asLong()).isEqualTo(9); // both bundles pin the old key
        assertThat(key.get("pinningSeqs").size()).isEqualTo(2);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String metrics = api.send("GET", "/actuator/prometheus", null).body();
            assertThat(metrics)
                    .containsPattern(
                            "pinwheel_bundle_adoption_newest_ratio\\{[^}]*app=\"" + s.appId() + "\"[^}]*} 0\\.3125");
        });
    }

    @Test
    void badAdoptionQueriesAreRefusedWithTheFieldAtFault() {
        String appId = api.createApp("adoptbad");
        String path = adoptionPath(appId);
        assertViolation(api.send("GET", path + "?from=yesterday", null), "from");
        assertViolation(api.send("GET", path + "?to=2026-13-01T00:00:00Z", null), "to");
        assertViolation(api.send("GET", path + "?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", null), "from");
        assertViolation(api.send("GET", path + "?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z", null), "from");
        assertViolation(api.send("GET", path + "?host=api.example.com", null), "pin");
        assertViolation(
                api.send(
                        "GET",
                        path + "?pin=sha256/"
                                + BundleFixtures.randomPin()
                                        .replace("+", "%2B")
                                        .replace("/", "%2F")
                                        .replace("=", "%3D"),
                        null),
                "host");
        assertViolation(api.send("GET", path + "?host=api.example.com&pin=sha256/abc", null), "pin");
        assertViolation(api.send("GET", path + "?host=-bad-.example&pin=sha256/abc", null), "host");
        assertViolation(api.send("GET", "/admin/v1/apps/Not_An_App/adoption", null), "appId");
        assertThat(api.send("GET", "/admin/v1/apps/no-such-app-x/adoption", null)
                        .statusCode())
                .isEqualTo(404);
        assertThat(new BundleFixtures(port, null).send("GET", path, null).statusCode())
                .isEqualTo(401);
    }

    @Test
    void badThresholdsAreRefusedAndNothingIsStored() {
        String appId = "thr-" + BundleFixtures.suffix();
        assertViolation(
                api.send(
                        "POST",
                        "/admin/v1/apps",
                        Map.of("id", appId, "displayName", "T", "promoteAdoptionPercent", 101)),
                "promoteAdoptionPercent");
        assertThat(api.send("GET", "/admin/v1/apps/" + appId, null).statusCode())
                .isEqualTo(404);
        HttpResponse<String> created = api.send("POST", "/admin/v1/apps", Map.of("id", appId, "displayName", "T"));
        assertThat(json(created).get("promoteAdoptionPercent").asInt()).isEqualTo(95);
        assertViolation(
                api.send("PUT", "/admin/v1/apps/" + appId, Map.of("displayName", "T2", "promoteAdoptionPercent", -1)),
                "promoteAdoptionPercent");
        JsonNode unchanged = json(api.send("GET", "/admin/v1/apps/" + appId, null));
        assertThat(unchanged.get("displayName").asString()).isEqualTo("T");
        assertThat(unchanged.get("promoteAdoptionPercent").asInt()).isEqualTo(95);
        JsonNode zero = json(
                api.send("PUT", "/admin/v1/apps/" + appId, Map.of("displayName", "T", "promoteAdoptionPercent", 0)));
        assertThat(zero.get("promoteAdoptionPercent").asInt()).isZero();
    }

    @Test
    void forcedPromoteGoesAheadAgainstTheEvidenceWithAnAuditedReasonButNeverAgainstTheTimeRule() {
        List<Client> clients = clients(12);
        Setup s = appWithClients(clients, 95);
        awaitPolls(s.appId(), 12);
        api.publishOk(s.appId());
        // too early by the time rule: force does not help
        HttpResponse<String> tooEarly = promote(s, Map.of("force", true, "reason", "we checked by hand"));
        assertThat(tooEarly.statusCode()).isEqualTo(409);
        assertThat(json(tooEarly).get("safeAfter")).isNotNull();

        clock.advance(POLL_INTERVAL.multipliedBy(2).plusMinutes(1));
        clients.forEach(c -> assertThat(c.poll(s.appId())).isEqualTo(200)); // all held the old bundle
        awaitPolls(s.appId(), 12);
        assertThat(promote(s, null).statusCode()).isEqualTo(409);
        assertViolation(promote(s, Map.of("force", true)), "reason");
        assertViolation(promote(s, Map.of("force", true, "reason", "  ")), "reason");
        assertViolation(promote(s, Map.of("reason", "why not")), "force");
        assertThat(json(api.send("GET", rotationPath(s), null)).get("state").asString())
                .isEqualTo("staged");

        HttpResponse<String> forced = promote(s, Map.of("force", true, "reason", "old app versions no longer poll"));
        assertThat(forced.statusCode()).as(forced.body()).isEqualTo(200);
        assertThat(json(forced).get("state").asString()).isEqualTo("promoted");
        JsonNode events = json(api.send("GET", "/admin/v1/audit-events?target=domain:" + s.host(), null))
                .get("items");
        JsonNode promotedEvent = null;
        for (JsonNode e : events) {
            if (e.get("action").asString().equals("rotation.promoted")) {
                promotedEvent = e;
            }
        }
        assertThat(promotedEvent).isNotNull();
        assertThat(promotedEvent.get("summary").get("forced").asBoolean()).isTrue();
        assertThat(promotedEvent.get("summary").get("forceReason").asString())
                .isEqualTo("old app versions no longer poll");
    }

    @Test
    void withTooFewPollsOnlyTheTimeRuleApplies() {
        List<Client> clients = clients(3);
        Setup s = appWithClients(clients, 95);
        awaitPolls(s.appId(), 3);
        api.publishOk(s.appId());
        clock.advance(POLL_INTERVAL.multipliedBy(2).plusMinutes(1));
        clients.forEach(c -> c.poll(s.appId()));
        awaitPolls(s.appId(), 3);
        JsonNode figure =
                json(api.send("GET", rotationPath(s), null)).get("adoption").get(0);
        assertThat(figure.get("status").asString()).isEqualTo("too-few-polls");
        assertThat(figure.get("minPolls").asLong()).isEqualTo(10);
        assertThat(promote(s, null).statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> promote(Setup s, Map<String, ?> body) {
        return api.send("POST", rotationPath(s) + "/promote", body);
    }

    private String etagOfSeq(String appId, long seq) {
        String sha = json(api.send("GET", "/admin/v1/apps/" + appId + "/bundles/" + seq, null))
                .get("bundle")
                .get("sha256")
                .asString();
        return "\"" + sha + "\"";
    }

    private JsonNode awaitPolls(String appId, long polls) {
        List<JsonNode> last = new ArrayList<>(1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode a = json(api.send("GET", adoptionPath(appId), null));
            assertThat(a.get("polls").asLong()).isEqualTo(polls);
            last.add(0, a);
        });
        return last.get(0);
    }

    private static void assertViolation(HttpResponse<String> r, String field) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(json(r).get("violations").get(0).get("field").asString()).isEqualTo(field);
    }

    private List<Client> clients(int n) {
        List<Client> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(new Client());
        }
        return list;
    }

    private static String bundlePath(String appId) {
        return "/v1/apps/" + appId + "/bundle";
    }

    private static String adoptionPath(String appId) {
        return "/admin/v1/apps/" + appId + "/adoption";
    }

    private static String rotationPath(Setup s) {
        return "/admin/v1/domains/" + s.host() + "/rotations/" + s.rotationId();
    }
}
