package dev.pinwheel.delivery;

import static dev.pinwheel.support.BundleFixtures.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.pinwheel.support.BundleFixtures;
import dev.pinwheel.support.PinwheelTest;
import dev.pinwheel.support.Tokens;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Without {@code pinwheel.bundles.issuer} (the quick start), bundles name the address the service
 * actually listens on: a fixed {@code http://localhost:8080} would send every client's pin-failure
 * reports to a port nobody serves (or to whatever else listens there).
 */
@PinwheelTest
class QuickStartIssuerTests {

    @LocalServerPort
    int port;

    @Test
    void quickStartBundlesDoNotSendReportsToAPortNobodyServes() throws Exception {
        assertThat(port).isNotEqualTo(8080);
        BundleFixtures api = new BundleFixtures(port, Tokens.ADMIN);
        BundleFixtures.App app = api.appWithDomains(1);
        expect(201, api.publish(app.id(), Map.of()));

        HttpResponse<String> served = api.fetch("/v1/apps/" + app.id() + "/bundle");
        String issuer = "http://localhost:" + port;
        JWTClaimsSet claims = BundleFixtures.verify(api.fetch("/v1/keys").body(), served.body(), app.id(), issuer);
        assertThat(claims.getIssuer()).isEqualTo(issuer);
        assertThat(claims.getStringClaim("reportUri")).isEqualTo(issuer + "/v1/apps/" + app.id() + "/reports");
    }
}
