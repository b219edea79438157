package dev.pinwheel.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.jwk.ECKey;
import dev.pinwheel.PinwheelApplication;
import dev.pinwheel.support.TestDatabase;
import dev.pinwheel.support.TestHttp;
import dev.pinwheel.support.Tokens;
import dev.pinwheel.support.TrustDocuments;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two replicas on one database: an upload on one is served by the other within the refresh
 * interval with the same bytes and ETag. A trust chain altered in the database is never served: the
 * running replicas keep the last good documents, and a replica starting on it refuses to start.
 */
class TrustReplicaTests {

    private static final String KEY = "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE=";
    private static final String ADMIN = Tokens.ADMIN;
    private static final String ISSUER = "https://pins.replica.test";
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void theOtherReplicaServesAnUploadedKeySetAndNoReplicaServesATamperedChain() throws Exception {
        String db = TestDatabase.get().freshSibling().url();
        ECKey r1 = TrustDocuments.rootKey();
        ECKey r2 = TrustDocuments.rootKey();
        try (ConfigurableApplicationContext a = start(db);
                ConfigurableApplicationContext b = start(db)) {
            TestHttp replicaA = client(a);
            TestHttp replicaB = client(b);
            assertThat(post(
                                    replicaA,
                                    "/admin/v1/trust/roots",
                                    TrustDocuments.root(ISSUER, 1, 2, List.of(r1, r2), List.of(r1, r2)))
                            .statusCode())
                    .isEqualTo(201);
            String payload = json.readTree(get(replicaA, "/admin/v1/trust/key-set/proposal", true)
                            .body())
                    .get("payload")
                    .asString();
            assertThat(post(
                                    replicaA,
                                    "/admin/v1/trust/key-set/signatures",
                                    TrustDocuments.signProposal(payload, List.of(r1, r2)))
                            .statusCode())
                    .isEqualTo(201);

            HttpResponse<String> onA = get(replicaA, "/v1/trust/key-set", false);
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(
                                    get(replicaB, "/v1/trust/key-set", false).statusCode())
                            .isEqualTo(200));
            HttpResponse<String> onB = get(replicaB, "/v1/trust/key-set", false);
            assertThat(onB.body()).isEqualTo(onA.body());
            assertThat(onB.headers().firstValue("ETag")).isEqualTo(onA.headers().firstValue("ETag"));
            assertThat(get(replicaB, "/v1/trust/roots/1", false).statusCode()).isEqualTo(200);

            // someone with database access swaps in a key set the root keys never signed
            ECKey intruder = TrustDocuments.rootKey();
            String forged = TrustDocuments.signProposal(payload, List.of(intruder, TrustDocuments.rootKey()));
            JdbcClient jdbc = a.getBean(JdbcClient.class);
            assertThat(jdbc.sql("update trust_key_sets set document = ?")
                            .param(forged)
                            .update())
                    .isEqualTo(1);
            a.getBean(PublishedTrust.class).refresh();
            b.getBean(PublishedTrust.class).refresh();
            assertThat(get(replicaA, "/v1/trust/key-set", false).body()).isEqualTo(onA.body());
            assertThat(get(replicaB, "/v1/trust/key-set", false).body()).isEqualTo(onA.body());

            assertThatThrownBy(() -> start(db).close())
                    .hasStackTraceContaining("The stored trust chain does not verify");
        }
    }

    private static HttpResponse<String> get(TestHttp replica, String path, boolean admin) {
        return (admin ? replica : replica.anonymous()).exchange("GET", path, null);
    }

    private static HttpResponse<String> post(TestHttp replica, String path, String body) {
        return replica.exchange("POST", path, body, "Content-Type", "application/jose+json");
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
                        "--pinwheel.bundles.issuer=" + ISSUER,
                        "--pinwheel.trust.online-root=false",
                        "--pinwheel.trust.refresh-interval=300ms");
    }
}
