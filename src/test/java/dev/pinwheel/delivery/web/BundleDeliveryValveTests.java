package dev.pinwheel.delivery.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BundleDeliveryValveTests {

    @Test
    void takesTheAppIdOfAPlainBundlePath() {
        assertThat(BundleHeaders.appIdOf("/v1/apps/banking/bundle")).isEqualTo("banking");
        assertThat(BundleHeaders.appIdOf("/v1/apps/a.b-c_1/bundle")).isEqualTo("a.b-c_1");
    }

    @Test
    void leavesEveryOtherPathToTheOrdinaryChain() {
        for (String path : new String[] {
            null,
            "",
            "/v1/apps/bundle",
            "/v1/apps//bundle",
            "/v1/apps/a/b/bundle",
            "/v1/apps/a/bundle/",
            "/v1/apps/a/bundles",
            "/v1/apps/%2e%2e/bundle",
            "/v1/apps/a;x=1/bundle",
            "/v1/apps/a/bundle;jsessionid=1",
            "/v1/apps/a\\b/bundle",
            "/admin/v1/apps/a/bundle",
            "/v1/apps/a/reports"
        }) {
            assertThat(BundleHeaders.appIdOf(path)).as(path).isNull();
        }
    }
}
