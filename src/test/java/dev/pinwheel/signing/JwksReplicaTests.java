package dev.pinwheel.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pinwheel.PinwheelApplication;
import dev.pinwheel.support.TestDatabase;
import dev.pinwheel.support.TestHttp;
import dev.pinwheel.support.Tokens;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /v1/keys} on two replicas sharing one database: served with a strong ETag, answered
 * 304 for a matching {@code If-None-Match}, changed at once on the replica that rotates and within
 * the refresh interval on the other one.
 */
class JwksReplicaTests {

    private static final String KEY = "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE=";
    private static final String ADMIN = Tokens.ADMIN;
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void bothReplicasServeTheNewKeysAfterARotationAndAnswer304ForTheCurrentEtag() throws Exception {
        String db = TestDatabase.get().freshSibling().url();
        try (ConfigurableApplicationContext a = start(db);
                ConfigurableApplicationContext b = start(db)) {
            TestHttp replicaA = client(a);
            TestHttp replicaB = client(b);

            HttpResponse<String> first = get(replicaA, "/v1/keys", null);
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.headers().firstValue("Content-Type")).hasValue("application/jwk-set+json");
            assertThat(first.headers().firstValue("Cache-Control")).hasValue("max-age=300, public");
            String etag = first.headers().firstValue("ETag").orElseThrow();
            assertThat(etag).matches("\"[0-9a-f]{64}\"");
            assertThat(json.readTree(first.body()).get("keys")).hasSize(2);
            HttpResponse<String> fromB = get(replicaB, "/v1/keys", null);
            assertThat(fromB.body()).isEqualTo(first.body());
            assertThat(fromB.headers().firstValue("ETag")).hasValue(etag);

            for (String matching : new String[] {etag, "W/" + etag, "\"other\", " + etag, "*"}) {
                HttpResponse<String> notModified = get(replicaA, "/v1/keys", matching);
                assertThat(notModified.statusCode()).as(matching).isEqualTo(304);
                assertThat(notModified.body()).isEmpty();
                assertThat(notModified.headers().firstValue("ETag")).hasValue(etag);
                assertThat(notModified.headers().firstValue("Cache-Control")).hasValue("max-age=300, public");
            }
            assertThat(get(replicaA, "/v1/keys", "\"other\"").statusCode()).isEqualTo(200);

            HttpResponse<String> rotated = replicaA.exchange("POST", "/admin/v1/signing-keys/rotate", null);
            assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
            JsonNode rotation = json.readTree(rotated.body());
            String retired = rotation.get("retiredKid").asString();
            String active = rotation.get("activeKid").asString();
            String next = rotation.get("nextKid").asString();

            // the rotating replica serves the new set at once
            HttpResponse<String> afterA = get(replicaA, "/v1/keys", etag);
            assertThat(afterA.statusCode()).isEqualTo(200);
            assertThat(kids(afterA)).containsExactly(active, next).doesNotContain(retired);
            String newEtag = afterA.headers().firstValue("ETag").orElseThrow();
            assertThat(newEtag).isNotEqualTo(etag);

            // the other replica catches up by its periodic refresh
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(
                                    get(replicaB, "/v1/keys", null).headers().firstValue("ETag"))
                            .hasValue(newEtag));
            HttpResponse<String> afterB = get(replicaB, "/v1/keys", etag);
            assertThat(afterB.statusCode()).isEqualTo(200);
            assertThat(afterB.body()).isEqualTo(afterA.body());
            assertThat(get(replicaB, "/v1/keys", newEtag).statusCode()).isEqualTo(304);
        }
    }

    private Iterable<String> kids(HttpResponse<String> r) {
        return json.readTree(r.body())
                .get("keys")
                .valueStream()
                .map(k -> k.get("kid").asString())
                .toList();
    }

    /** An anonymous GET, as a client app sends it. */
    private static HttpResponse<String> get(TestHttp replica, String path, String ifNoneMatch) {
        return ifNoneMatch == null
                ? replica.anonymous().exchange("GET", path, null)
                : replica.anonymous().exchange("GET", path, null, "If-None-Match", ifNoneMatch);
    }

    /** An admin client of the replica. */
    private static TestHttp client(ConfigurableApplicationContext context) {
        return new TestHttp("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"), ADMIN);
    }

    private static ConfigurableApplicationContext start(String db) {
        return new SpringApplicationBuilder(PinwheelApplication.class)
                .run(
                        "--pinwheel.test.database-url=" + db,
                        "--server.port=0",
                        "--PINWHEEL_MASTER_KEY=" + KEY,
                        "--PINWHEEL_BOOTSTRAP_TOKEN=" + ADMIN,
                        "--pinwheel.signing.jwks-refresh-interval=300ms");
    }
}
