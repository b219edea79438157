package dev.pinwheel.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSObject;
import dev.pinwheel.support.BundleFixtures;
import dev.pinwheel.support.RunningPinwheel;
import dev.pinwheel.support.TestDatabase;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** An instance is stopped and a new one started on the same database. */
class RestartTests {

    @Test
    void servesTheSameBundleAfterARestartAndContinuesTheSeq() throws Exception {
        TestDatabase db = TestDatabase.get().freshSibling();
        String appId;
        long seq;
        HttpResponse<String> before;
        try (RunningPinwheel first = RunningPinwheel.start(db.url())) {
            BundleFixtures api = first.api();
            BundleFixtures.App app = api.appWithDomains(2);
            appId = app.id();
            api.publishOk(appId);
            seq = api.publishOk(appId);
            before = api.fetch("/v1/apps/" + appId + "/bundle");
            assertThat(before.statusCode()).isEqualTo(200);
        }
        String etag = before.headers().firstValue("ETag").orElseThrow();

        try (RunningPinwheel second = RunningPinwheel.start(db.url())) {
            BundleFixtures api = second.api();
            // before any publish: the very same bundle, so polling clients get 304
            HttpResponse<String> after = api.fetch("/v1/apps/" + appId + "/bundle");
            assertThat(after.statusCode()).isEqualTo(200);
            assertThat(after.headers().firstValue("ETag")).hasValue(etag);
            assertThat(after.headers().firstValue("Last-Modified"))
                    .isEqualTo(before.headers().firstValue("Last-Modified"));
            assertThat(after.body()).isEqualTo(before.body());
            assertThat(api.fetch("/v1/apps/" + appId + "/bundle", "If-None-Match", etag)
                            .statusCode())
                    .isEqualTo(304);
            // the signing keys survived the restart: the old bundle still verifies
            assertThat(BundleFixtures.verify(api.fetch("/v1/keys").body(), after.body(), appId, RunningPinwheel.ISSUER)
                            .getLongClaim("seq"))
                    .isEqualTo(seq);

            long next = api.publishOk(appId);
            assertThat(next).isEqualTo(seq + 1);
            HttpResponse<String> published = api.fetch("/v1/apps/" + appId + "/bundle");
            assertThat(published.headers().firstValue("ETag")).isPresent().isNotEqualTo(java.util.Optional.of(etag));
            assertThat(JWSObject.parse(published.body())
                            .getPayload()
                            .toJSONObject()
                            .get("seq"))
                    .isEqualTo(seq + 1);
        }
    }
}
