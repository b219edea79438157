package dev.pinwheel.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pinwheel.pins.AppId;
import dev.pinwheel.pins.AppSettings;
import dev.pinwheel.pins.PinManagement;
import dev.pinwheel.security.NewToken;
import dev.pinwheel.security.TokenManagement;
import dev.pinwheel.support.BundleFixtures;
import dev.pinwheel.support.TestHttp;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.domain.PageRequest;

/**
 * The console's sign-in, session cookie, CSRF protection, headers and roles, over real HTTP against the
 * service on PostgreSQL. A browser is played by hand: cookies are kept per test exactly as sent.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "PINWHEEL_BOOTSTRAP_TOKEN=console-admin-secret-0123456789",
            "pinwheel.console.secure-cookie=true",
            "pinwheel.console.absolute-timeout=2h"
        })
class ConsoleSecurityTests {

    static final String ADMIN_SECRET = "console-admin-secret-0123456789";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @LocalServerPort
    int port;

    @Autowired
    TokenManagement tokens;

    @Autowired
    PinManagement pins;

    /** A browser: its cookie jar and every response it saw (to look for leaked secrets). */
    final class Browser {
        final TestHttp http = new TestHttp("http://127.0.0.1:" + port, null).withCookies();
        final Map<String, String> cookies = http.cookies();
        final List<String> seen = new ArrayList<>();

        HttpResponse<String> get(String path) {
            return seen(http.get(path));
        }

        HttpResponse<String> post(String path, Map<String, String> form) {
            return seen(http.postForm(path, form));
        }

        /** GETs the page and returns the CSRF token of its first form. */
        String csrf(String path) {
            HttpResponse<String> page = get(path);
            Matcher m = CSRF.matcher(page.body());
            assertThat(m.find()).as("a CSRF token on " + path).isTrue();
            return m.group(1);
        }

        HttpResponse<String> signIn(String secret) {
            return post("/console/sign-in", Map.of("_csrf", csrf("/console/sign-in"), "token", secret));
        }

        private HttpResponse<String> seen(TestHttp.Response response) {
            HttpResponse<String> r = response.raw();
            seen.add(r.headers().map() + "\n" + r.body());
            return r;
        }
    }

    private static String setCookie(HttpResponse<String> r, String name) {
        return r.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(name + "="))
                .findFirst()
                .orElse(null);
    }

    private static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    private boolean appExists(String id) {
        return pins.apps(PageRequest.of(0, 1000)).getContent().stream()
                .anyMatch(a -> a.id().value().equals(id));
    }

    @Test
    void signInSetsAnHttpOnlySecureStrictSessionCookieWithABoundedLifetime() {
        Browser b = new Browser();
        HttpResponse<String> r = b.signIn(ADMIN_SECRET);

        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location").orElseThrow()).endsWith("/console/apps");
        String cookie = setCookie(r, "pinwheel_console");
        assertThat(cookie)
                .contains("HttpOnly")
                .contains("Secure")
                .contains("SameSite=Strict")
                .contains("Path=/console")
                .contains("Max-Age=7200");
        HttpResponse<String> apps = b.get("/console/apps");
        assertThat(apps.statusCode()).isEqualTo(200);
        assertThat(apps.body()).contains("Signed in as").contains(">admin</span>)");
    }

    @Test
    void unknownTokenShowsAnErrorAndOpensNoSession() {
        Browser b = new Browser();
        HttpResponse<String> r = b.signIn("pw_not-a-token");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("This token is unknown, revoked or expired.");
        assertThat(setCookie(r, "pinwheel_console")).isNull();
        assertThat(b.get("/console/apps").statusCode()).isEqualTo(302);
    }

    @Test
    void pagesNeedASignInAndSendTheSignInPageOtherwise() {
        HttpResponse<String> r = new Browser().get("/console/domains");

        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location").orElseThrow()).endsWith("/console/sign-in");
    }

    @Test
    void rejectsAChangeWithoutTheCsrfToken() {
        Browser b = new Browser();
        b.signIn(ADMIN_SECRET);
        String id = unique("csrf");

        HttpResponse<String> noToken = b.post("/console/apps", Map.of("id", id));
        HttpResponse<String> wrongToken = b.post("/console/apps", Map.of("id", id, "_csrf", "forged"));

        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(wrongToken.statusCode()).isEqualTo(403);
        assertThat(appExists(id)).isFalse();
    }

    @Test
    void rejectsSignInWithoutTheCsrfToken() {
        Browser b = new Browser();
        HttpResponse<String> r = b.post("/console/sign-in", Map.of("token", ADMIN_SECRET));

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(setCookie(r, "pinwheel_console")).isNull();
    }

    @Test
    void pagesCarryAStrictContentSecurityPolicyAndAreNeverCached() {
        Browser b = new Browser();
        b.signIn(ADMIN_SECRET);
        for (String path : List.of("/console/sign-in", "/console/apps", "/console/domains", "/console/audit")) {
            HttpResponse<String> r = b.get(path);
            assertThat(r.headers().firstValue("Content-Security-Policy").orElseThrow())
                    .isEqualTo(ConsoleSecurityConfiguration.CONTENT_SECURITY_POLICY);
            assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("same-origin");
            assertThat(r.headers().firstValue("Cache-Control").orElseThrow()).contains("no-store");
            assertThat(r.body()).doesNotContain("<script>").doesNotContain("style=\"");
        }
        assertThat(b.get("/console/assets/console.js").statusCode()).isEqualTo(200);
    }

    @Test
    void viewerSeesButCannotChangeAnything() {
        NewToken viewer = tokens.create(unique("viewer"), "viewer", null);
        Browser b = new Browser();
        b.signIn(viewer.secret());

        HttpResponse<String> apps = b.get("/console/apps");
        assertThat(apps.statusCode()).isEqualTo(200);
        assertThat(apps.body()).contains(">viewer</span>)").doesNotContain("Create app");
        String csrf = b.csrf("/console/apps");
        String id = unique("viewer");
        HttpResponse<String> r = b.post("/console/apps", Map.of("_csrf", csrf, "id", id));

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("Insufficient role").contains("has the role");
        assertThat(appExists(id)).isFalse();
        assertThat(b.get("/console/tokens").statusCode()).isEqualTo(403);
    }

    @Test
    void editorCannotPublishLikeInTheApi() {
        String appId = unique("ed");
        pins.createApp(AppId.parse(appId), AppSettings.of("Editor's"));
        NewToken editor = tokens.create(unique("editor"), "editor", null);
        Browser b = new Browser();
        b.signIn(editor.secret());
        String csrf = b.csrf("/console/apps/" + appId);

        HttpResponse<String> r = b.post("/console/apps/" + appId + "/publish", Map.of("_csrf", csrf));

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("Insufficient role");
    }

    @Test
    void refusalIsShownInTheProblemsWords() {
        Browser b = new Browser();
        b.signIn(ADMIN_SECRET);
        String csrf = b.csrf("/console/apps");

        HttpResponse<String> r = b.post("/console/apps", Map.of("_csrf", csrf, "id", "Not An Id!"));

        assertThat(r.body()).contains("Invalid request").contains("<strong>id</strong>");
        assertThat(r.body()).doesNotContain("400");
    }

    /** A refusal of the pins model (a domain exception, not a problem) is shown in the page too. */
    @Test
    void pinSetRuleIsShownInTheProblemsWordsOnTheDomainPage() {
        String host = unique("rule") + ".example.com";
        TestHttp api = new TestHttp(port, ADMIN_SECRET);
        assertThat(api.post("/admin/v1/domains", Map.of("host", host, "mode", "enforce"))
                        .status())
                .isEqualTo(201);
        Browser b = new Browser();
        b.signIn(ADMIN_SECRET);
        String csrf = b.csrf("/console/domains/" + host);

        HttpResponse<String> r = b.post(
                "/console/domains/" + host + "/pin-set",
                Map.of(
                        "_csrf",
                        csrf,
                        "expectedVersion",
                        "0",
                        "sha256",
                        BundleFixtures.randomPin(),
                        "role",
                        "primary",
                        "label",
                        ""));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(r.body()).contains("Pin set rule violated").contains("enforce needs at least 2 pins");
        assertThat(api.get("/admin/v1/domains/" + host + "/pin-set").status()).isEqualTo(404);
    }

    @Test
    void malformedAddressIsShownInWords() {
        Browser b = new Browser();
        b.signIn(ADMIN_SECRET);

        HttpResponse<String> r = b.get("/console/domains/example.com/rotations/not-a-number");

        assertThat(r.body()).contains("Invalid request").contains("id: is missing or not valid here");
    }

    @Test
    void signOutEndsTheSession() {
        Browser b = new Browser();
        b.signIn(ADMIN_SECRET);
        String session = b.cookies.get("pinwheel_console");
        String csrf = b.csrf("/console/apps");

        HttpResponse<String> out = b.post("/console/sign-out", Map.of("_csrf", csrf));

        assertThat(out.statusCode()).isEqualTo(302);
        assertThat(setCookie(out, "pinwheel_console")).contains("Max-Age=0");
        Browser replay = new Browser();
        replay.cookies.put("pinwheel_console", session);
        assertThat(replay.get("/console/apps").statusCode()).isEqualTo(302);
    }

    @Test
    void revokingTheTokenEndsItsSessions() {
        NewToken t = tokens.create(unique("revoked"), "editor", null);
        Browser b = new Browser();
        b.signIn(t.secret());
        assertThat(b.get("/console/apps").statusCode()).isEqualTo(200);

        tokens.revoke(t.token().id());

        HttpResponse<String> r = b.get("/console/apps");
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location").orElseThrow()).endsWith("/console/sign-in");
        assertThat(b.signIn(t.secret()).body()).contains("This token is unknown, revoked or expired.");
    }

    @Test
    void tokenSecretNeverAppearsInAnyResponse() {
        NewToken t = tokens.create(unique("secretive"), "admin", null);
        Browser b = new Browser();
        b.signIn(t.secret());
        for (String path : List.of(
                "/console/apps",
                "/console/domains",
                "/console/tokens",
                "/console/audit",
                "/console/keys",
                "/console/rotations")) {
            assertThat(b.get(path).statusCode()).as(path).isEqualTo(200);
        }
        Browser wrong = new Browser();
        wrong.signIn("pw_wrong" + t.secret());
        wrong.signIn(t.secret().substring(0, 20));

        assertThat(b.seen).isNotEmpty().allSatisfy(r -> assertThat(r).doesNotContain(t.secret()));
        assertThat(wrong.seen)
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r).doesNotContain(t.secret().substring(0, 20)));
        assertThat(b.cookies.values()).noneMatch(v -> v.contains(t.secret()));
    }

    @Test
    void publishDryRunShowsTheFindingsInWords() {
        String appId = unique("dry");
        pins.createApp(AppId.parse(appId), AppSettings.of("Dry"));
        Browser b = new Browser();
        b.signIn(ADMIN_SECRET);
        String csrf = b.csrf("/console/apps/" + appId);

        HttpResponse<String> r = b.post("/console/apps/" + appId + "/publish", Map.of("_csrf", csrf, "dryRun", "true"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body())
                .contains("Dry run: nothing was stored")
                .contains("Findings of the checks")
                .contains("NO_DOMAINS");
    }
}
