package dev.pinwheel.bundles;

import static dev.pinwheel.support.BundleFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pinwheel.security.Role;
import dev.pinwheel.support.BundleFixtures;
import dev.pinwheel.support.PinwheelTest;
import dev.pinwheel.support.TestHttp;
import dev.pinwheel.support.Tokens;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Every new admin endpoint answers bad input and missing rights with a problem and stores nothing. */
@PinwheelTest
class BundleAdminBadInputTests {

    @LocalServerPort
    int port;

    BundleFixtures admin;
    BundleFixtures.App app;

    @BeforeEach
    void setUp() {
        admin = new BundleFixtures(port, Tokens.ADMIN);
        app = admin.appWithDomains(1);
    }

    @Test
    void rejectsForceWithoutReasonAndReasonWithoutForce() {
        assertViolation(admin.publish(app.id(), Map.of("force", true)), "reason");
        assertViolation(admin.publish(app.id(), Map.of("force", true, "reason", "  ")), "reason");
        assertViolation(admin.publish(app.id(), Map.of("reason", "because")), "reason");
        assertNothingPublished();
    }

    @Test
    void rejectsTooLongCommentAndReason() {
        assertViolation(admin.publish(app.id(), Map.of("comment", "x".repeat(1001))), "comment");
        assertViolation(admin.publish(app.id(), Map.of("force", true, "reason", "x".repeat(1001))), "reason");
        assertNothingPublished();
    }

    @Test
    void rejectsMalformedAndUnknownAppsAndSeqs() {
        assertViolation(admin.publish("Not_An_App", Map.of()), "appId");
        assertProblem(admin.publish("no-such-app-" + BundleFixtures.suffix(), Map.of()), 404, "not-found");
        assertProblem(
                admin.send("GET", "/admin/v1/apps/no-such-app-" + BundleFixtures.suffix() + "/bundles", null),
                404,
                "not-found");
        assertViolation(admin.send("GET", "/admin/v1/apps/" + app.id() + "/bundles/0", null), "seq");
        assertProblem(admin.send("GET", "/admin/v1/apps/" + app.id() + "/bundles/abc", null), 400, "validation");
        assertProblem(admin.send("GET", "/admin/v1/apps/" + app.id() + "/bundles/7", null), 404, "not-found");
        assertViolation(admin.send("POST", "/admin/v1/apps/" + app.id() + "/bundles/0/republish", null), "seq");
        assertProblem(
                admin.send("POST", "/admin/v1/apps/" + app.id() + "/bundles/7/republish", null), 404, "not-found");
        assertNothingPublished();
    }

    @Test
    void rejectsBadHistoryPaging() {
        assertViolation(admin.send("GET", "/admin/v1/apps/" + app.id() + "/bundles?limit=0", null), "limit");
        assertViolation(admin.send("GET", "/admin/v1/apps/" + app.id() + "/bundles?limit=201", null), "limit");
        assertViolation(admin.send("GET", "/admin/v1/apps/" + app.id() + "/bundles?beforeSeq=0", null), "beforeSeq");
        assertProblem(admin.send("GET", "/admin/v1/apps/" + app.id() + "/bundles?limit=ten", null), 400, "validation");
    }

    @Test
    void pagesHistoryWithBeforeSeq() {
        for (int i = 0; i < 3; i++) {
            admin.publishOk(app.id());
        }
        var page = json(admin.send("GET", "/admin/v1/apps/" + app.id() + "/bundles?limit=2", null));
        assertThat(page.get("items").size()).isEqualTo(2);
        assertThat(page.get("items").get(0).get("seq").asLong()).isEqualTo(3);
        assertThat(page.get("nextBeforeSeq").asLong()).isEqualTo(2);
        var rest = json(admin.send("GET", "/admin/v1/apps/" + app.id() + "/bundles?limit=2&beforeSeq=2", null));
        assertThat(rest.get("items").size()).isEqualTo(1);
        assertThat(rest.get("items").get(0).get("seq").asLong()).isEqualTo(1);
        assertThat(rest.get("nextBeforeSeq").isNull()).isTrue();
    }

    @Test
    void requiresATokenForAdminEndpoints() {
        BundleFixtures anonymous = new BundleFixtures(port, null);
        assertProblem(anonymous.publish(app.id(), Map.of()), 401, "unauthorized");
        assertProblem(anonymous.send("GET", "/admin/v1/apps/" + app.id() + "/bundles", null), 401, "unauthorized");
        assertProblem(anonymous.send("GET", "/admin/v1/signing-keys", null), 401, "unauthorized");
        assertProblem(anonymous.send("POST", "/admin/v1/signing-keys/rotate", null), 401, "unauthorized");
        assertNothingPublished();
    }

    @Test
    void viewersAndEditorsMayReadButNotPublishOrRotate() {
        String kidBefore = admin.fetch("/v1/keys").body();
        for (Role role : new Role[] {Role.VIEWER, Role.EDITOR}) {
            BundleFixtures limited = new BundleFixtures(port, token(role));
            assertProblem(limited.publish(app.id(), Map.of()), 403, "forbidden");
            assertProblem(
                    limited.send("POST", "/admin/v1/apps/" + app.id() + "/bundles/1/republish", null),
                    403,
                    "forbidden");
            assertProblem(limited.send("POST", "/admin/v1/signing-keys/rotate", null), 403, "forbidden");
            assertThat(limited.send("GET", "/admin/v1/signing-keys", null).statusCode())
                    .isEqualTo(200);
            assertThat(limited.send("GET", "/admin/v1/apps/" + app.id() + "/bundles", null)
                            .statusCode())
                    .isEqualTo(200);
        }
        assertThat(admin.fetch("/v1/keys").body()).isEqualTo(kidBefore);
        assertNothingPublished();
    }

    @Test
    void signingKeyListNeverShowsPrivateMaterial() {
        HttpResponse<String> r = admin.send("GET", "/admin/v1/signing-keys", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).doesNotContain("\"d\"").doesNotContain("private").doesNotContain("v1:");
        assertThat(admin.fetch("/v1/keys").body()).doesNotContain("\"d\"");
    }

    private String token(Role role) {
        return Tokens.create(new TestHttp(port, Tokens.ADMIN), role.wireName());
    }

    private void assertNothingPublished() {
        assertThat(json(admin.send("GET", "/admin/v1/apps/" + app.id() + "/bundles", null))
                        .get("items")
                        .size())
                .isZero();
    }

    private static void assertViolation(HttpResponse<String> r, String field) {
        assertProblem(r, 400, "validation");
        assertThat(json(r).get("violations")
                        .valueStream()
                        .map(v -> v.get("field").asString()))
                .contains(field);
    }

    private static void assertProblem(HttpResponse<String> r, int status, String type) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(r).get("type").asString()).isEqualTo("https://pinwheel.dev/problems/" + type);
    }
}
