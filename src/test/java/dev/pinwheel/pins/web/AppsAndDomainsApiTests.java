package dev.pinwheel.pins.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pinwheel.core.AuditableEvent;
import dev.pinwheel.security.ApiToken;
import dev.pinwheel.security.ApiTokenRepository;
import dev.pinwheel.security.Role;
import dev.pinwheel.security.TokenSecrets;
import dev.pinwheel.support.TestHttp.Response;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class AppsAndDomainsApiTests extends ApiTestSupport {

    // ---- apps

    @Test
    void createsReadsUpdatesAndDeletesAnApp() {
        String id = unique("app-");
        Response created = post(
                "/admin/v1/apps",
                Map.of("id", id, "displayName", "Banking", "pollIntervalSeconds", 600, "bundleLifetimeSeconds", 86400));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/admin/v1/apps/" + id);
        assertThat(created.json().get("id").asString()).isEqualTo(id);
        assertThat(created.json().get("pollIntervalSeconds").asLong()).isEqualTo(600);
        assertThat(created.json().get("domains").size()).isZero();

        assertThat(get("/admin/v1/apps/" + id).json().get("displayName").asString())
                .isEqualTo("Banking");
        assertThat(get("/admin/v1/apps?size=100").json().get("items").findValuesAsString("id"))
                .contains(id);

        Response updated = put("/admin/v1/apps/" + id, Map.of("displayName", "Banking EU"));
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().get("displayName").asString()).isEqualTo("Banking EU");
        assertThat(updated.json().has("pollIntervalSeconds"))
                .as("override cleared")
                .isFalse();

        assertThat(delete("/admin/v1/apps/" + id).status()).isEqualTo(204);
        get("/admin/v1/apps/" + id).problem(404, "not-found");

        assertThat(events.forTarget("app:" + id))
                .extracting(AuditableEvent::action)
                .containsExactly("app.created", "app.updated", "app.deleted");
        assertThat(events.forTarget("app:" + id).get(1).summary().get("changes").toString())
                .contains("displayName")
                .contains("Banking EU")
                .contains("pollIntervalSeconds");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Banking", "-banking", "bank_ing", "bank ing", "bänk", "banking.", "a/b"})
    void refusesBadAppIds(String id) {
        Response r = post("/admin/v1/apps", Map.of("id", id, "displayName", "x"));
        assertThat(r.violations()).containsKey("id");
    }

    @Test
    void refusesAppIdLongerThan63() {
        assertThat(post("/admin/v1/apps", Map.of("id", "a".repeat(64), "displayName", "x"))
                        .violations())
                .containsKey("id");
        assertThat(post("/admin/v1/apps", Map.of("id", "a".repeat(63), "displayName", "x"))
                        .status())
                .isEqualTo(201);
        delete("/admin/v1/apps/" + "a".repeat(63));
    }

    @Test
    void refusesMissingFieldsAndBadOverridesListingEach() {
        Map<String, Object> body = new HashMap<>();
        body.put("pollIntervalSeconds", 0);
        body.put("bundleLifetimeSeconds", -5);
        Map<String, String> v = post("/admin/v1/apps", body).violations();
        assertThat(v).containsKeys("id", "displayName", "pollIntervalSeconds", "bundleLifetimeSeconds");
    }

    @Test
    void refusesLifetimeNotLongerThanPollInterval() {
        String id = unique("app-");
        assertThat(post(
                                "/admin/v1/apps",
                                Map.of(
                                        "id",
                                        id,
                                        "displayName",
                                        "x",
                                        "pollIntervalSeconds",
                                        3600,
                                        "bundleLifetimeSeconds",
                                        3600))
                        .violations())
                .containsKey("bundleLifetimeSeconds");
        get("/admin/v1/apps/" + id).problem(404, "not-found");
    }

    @Test
    void refusesDuplicateAppId() {
        String id = unique("app-");
        createApp(id);
        JsonNode p =
                post("/admin/v1/apps", Map.of("id", id, "displayName", "Other")).problem(409, "conflict");
        assertThat(p.get("detail").asString()).contains(id);
        assertThat(get("/admin/v1/apps/" + id).json().get("displayName").asString())
                .isEqualTo("App " + id);
    }

    @Test
    void unknownAndMalformedAppIdsInPaths() {
        get("/admin/v1/apps/" + unique("nope-")).problem(404, "not-found");
        put("/admin/v1/apps/" + unique("nope-"), Map.of("displayName", "x")).problem(404, "not-found");
        delete("/admin/v1/apps/" + unique("nope-")).problem(404, "not-found");
        assertThat(get("/admin/v1/apps/NotAnId").violations()).containsKey("appId");
    }

    @Test
    void refusesMalformedJson() {
        post("/admin/v1/apps", "{\"id\": ").problem(400, "malformed-body");
    }

    @Test
    void setsTheDomainsAnAppCarries() {
        String id = unique("app-");
        createApp(id);
        String a = host();
        String b = host();
        createDomain(a, "report");
        createDomain(b, "enforce");

        Response r = put("/admin/v1/apps/" + id + "/domains", Map.of("hosts", List.of(b.toUpperCase(), a)));
        assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
        assertThat(r.json().get("domains").findValuesAsString("x")).isEmpty();
        assertThat(List.of(
                        r.json().get("domains").get(0).asString(),
                        r.json().get("domains").get(1).asString()))
                .containsExactly(a.compareTo(b) < 0 ? a : b, a.compareTo(b) < 0 ? b : a);
        assertThat(get("/admin/v1/domains/" + a).json().get("apps").get(0).asString())
                .isEqualTo(id);

        Response filtered = get("/admin/v1/domains?app=" + id);
        assertThat(filtered.json().get("totalItems").asInt()).isEqualTo(2);

        put("/admin/v1/apps/" + id + "/domains", Map.of("hosts", List.of(a)));
        AuditableEvent last =
                events.forTarget("app:" + id).get(events.forTarget("app:" + id).size() - 1);
        assertThat(last.action()).isEqualTo("app.domains-changed");
        assertThat(last.summary()).containsEntry("removed", List.of(b)).containsEntry("hosts", List.of(a));
    }

    @Test
    void refusesUnknownOrBadHostsNamingEachAndKeepsTheOldList() {
        String id = unique("app-");
        createApp(id);
        String known = host();
        createDomain(known, "report");
        put("/admin/v1/apps/" + id + "/domains", Map.of("hosts", List.of(known)));
        String unknown = host();

        Map<String, String> v = put(
                        "/admin/v1/apps/" + id + "/domains",
                        Map.of("hosts", List.of(known, unknown, "*.example.com", known)))
                .violations();

        assertThat(v).containsOnlyKeys("hosts[1]", "hosts[2]", "hosts[3]");
        assertThat(v.get("hosts[1]")).contains(unknown);
        assertThat(get("/admin/v1/apps/" + id).json().get("domains").get(0).asString())
                .isEqualTo(known);
        put("/admin/v1/apps/" + unique("nope-") + "/domains", Map.of("hosts", List.of()))
                .problem(404, "not-found");
        assertThat(put("/admin/v1/apps/" + id + "/domains", Map.of()).violations())
                .containsKey("hosts");
    }

    // ---- domains

    @Test
    void createsDomainWithNormalisedHost() {
        String label = unique("bücher");
        Response r = post(
                "/admin/v1/domains",
                Map.of("host", label.toUpperCase() + ".Example.COM.", "includeSubdomains", true, "mode", "enforce"));
        assertThat(r.status()).as(r.raw().body()).isEqualTo(201);
        String expected = java.net.IDN.toASCII(label) + ".example.com";
        assertThat(r.json().get("host").asString()).isEqualTo(expected).startsWith("xn--");
        assertThat(r.json().get("includeSubdomains").asBoolean()).isTrue();
        assertThat(r.json().get("mode").asString()).isEqualTo("enforce");
        assertThat(r.json().get("currentVersion").asInt()).isZero();
        assertThat(r.header("Location")).isEqualTo("/admin/v1/domains/" + expected);
        assertThat(get("/admin/v1/domains/" + label + ".example.com")
                        .json()
                        .get("host")
                        .asString())
                .isEqualTo(expected);
        assertThat(events.forTarget("domain:" + expected))
                .extracting(AuditableEvent::action)
                .containsExactly("domain.created");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "*.example.com",
                "192.168.1.1",
                "[::1]",
                "2001:db8::1",
                "",
                "a..example.com",
                "exa mple.com",
                "ex_ample.com",
                "-api.example.com",
                "api-.example.com",
                "example.com:443",
                "https://example.com"
            })
    void refusesBadHosts(String bad) {
        Map<String, String> v =
                post("/admin/v1/domains", Map.of("host", bad, "mode", "report")).violations();
        assertThat(v).containsKey("host");
    }

    @Test
    void refusesOverlongHostsAndLabels() {
        assertThat(post("/admin/v1/domains", Map.of("host", "a".repeat(64) + ".com", "mode", "report"))
                        .violations()
                        .get("host"))
                .contains("63");
        String longHost = ("a".repeat(60) + ".").repeat(5) + "com";
        assertThat(post("/admin/v1/domains", Map.of("host", longHost, "mode", "report"))
                        .violations()
                        .get("host"))
                .contains("253");
    }

    @Test
    void refusesBadModeAndMissingFields() {
        assertThat(post("/admin/v1/domains", Map.of("host", host(), "mode", "block"))
                        .violations())
                .containsKey("mode");
        assertThat(post("/admin/v1/domains", Map.of()).violations()).containsKeys("host", "mode");
    }

    @Test
    void refusesDuplicateHostInAnyCase() {
        String h = host();
        createDomain(h, "report");
        post("/admin/v1/domains", Map.of("host", h.toUpperCase() + ".", "mode", "enforce"))
                .problem(409, "conflict");
        assertThat(get("/admin/v1/domains/" + h).json().get("mode").asString()).isEqualTo("report");
    }

    @Test
    void listsDomainsPagedAndFilteredByApp() {
        String id = unique("app-");
        createApp(id);
        List<String> hosts = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            hosts.add(host());
            createDomain(hosts.get(i), "report");
        }
        put("/admin/v1/apps/" + id + "/domains", Map.of("hosts", hosts));
        java.util.Collections.sort(hosts);

        JsonNode page0 = get("/admin/v1/domains?app=" + id + "&page=0&size=2").json();
        JsonNode page1 = get("/admin/v1/domains?app=" + id + "&page=1&size=2").json();

        assertThat(page0.get("totalItems").asInt()).isEqualTo(3);
        assertThat(page0.get("totalPages").asInt()).isEqualTo(2);
        assertThat(page0.get("items").findValuesAsString("host")).containsExactly(hosts.get(0), hosts.get(1));
        assertThat(page1.get("items").findValuesAsString("host")).containsExactly(hosts.get(2));
        assertThat(page1.get("page").asInt()).isEqualTo(1);
        assertThat(get("/admin/v1/domains?size=100").json().get("totalItems").asInt())
                .isGreaterThanOrEqualTo(3);

        get("/admin/v1/domains?app=" + unique("nope-")).problem(404, "not-found");
        assertThat(get("/admin/v1/domains?size=0").violations()).containsKey("size");
        assertThat(get("/admin/v1/domains?size=101").violations()).containsKey("size");
        assertThat(get("/admin/v1/domains?page=-1").violations()).containsKey("page");
        assertThat(get("/admin/v1/domains?page=x").violations()).containsKey("page");
    }

    @Test
    void updatesDomainSettings() {
        String h = host();
        createDomain(h, "report");
        Response r = put("/admin/v1/domains/" + h, Map.of("includeSubdomains", true, "mode", "enforce"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("includeSubdomains").asBoolean()).isTrue();
        assertThat(r.json().get("mode").asString()).isEqualTo("enforce");
        AuditableEvent e = events.forTarget("domain:" + h).get(1);
        assertThat(e.action()).isEqualTo("domain.updated");
        assertThat(e.summary().get("changes").toString()).contains("mode").contains("includeSubdomains");
        assertThat(put("/admin/v1/domains/" + h, Map.of("mode", "enforce")).violations())
                .containsKey("includeSubdomains");
        put("/admin/v1/domains/" + host(), Map.of("includeSubdomains", true, "mode", "enforce"))
                .problem(404, "not-found");
    }

    @Test
    void refusesSwitchingToEnforceWhenCurrentPinsBreakTheRule() {
        String h = host();
        createDomain(h, "report");
        String only = randomPin();
        assertThat(put("/admin/v1/domains/" + h + "/pin-set", pinSet(pin(only, "primary")), ifMatch("\"0\""))
                        .status())
                .isEqualTo(201);

        JsonNode p = put("/admin/v1/domains/" + h, Map.of("includeSubdomains", false, "mode", "enforce"))
                .problem(409, "pin-set-rule");

        assertThat(p.get("rule").asString()).isEqualTo("enforce-needs-two-pins");
        assertThat(p.get("pin").asString()).isEqualTo(only);
        assertThat(get("/admin/v1/domains/" + h).json().get("mode").asString()).isEqualTo("report");
    }

    @Test
    void refusesDeletingADomainAnAppCarriesNamingTheApps() {
        String h = host();
        createDomain(h, "report");
        String a1 = unique("app-");
        String a2 = unique("app-");
        createApp(a1);
        createApp(a2);
        put("/admin/v1/apps/" + a1 + "/domains", Map.of("hosts", List.of(h)));
        put("/admin/v1/apps/" + a2 + "/domains", Map.of("hosts", List.of(h)));

        JsonNode p = delete("/admin/v1/domains/" + h).problem(409, "conflict");

        assertThat(p.get("apps").findValuesAsString("x")).isEmpty();
        assertThat(List.of(p.get("apps").get(0).asString(), p.get("apps").get(1).asString()))
                .containsExactlyInAnyOrder(a1, a2);
        assertThat(p.get("detail").asString()).contains(a1).contains(a2);
        assertThat(get("/admin/v1/domains/" + h).status()).isEqualTo(200);

        put("/admin/v1/apps/" + a1 + "/domains", Map.of("hosts", List.of()));
        assertThat(delete("/admin/v1/apps/" + a2).status()).isEqualTo(204);
        assertThat(delete("/admin/v1/domains/" + h).status()).isEqualTo(204);
        get("/admin/v1/domains/" + h).problem(404, "not-found");
        assertThat(events.forTarget("domain:" + h))
                .extracting(AuditableEvent::action)
                .contains("domain.deleted");
    }

    @Test
    void unknownAndMalformedHostsInPaths() {
        get("/admin/v1/domains/" + host()).problem(404, "not-found");
        delete("/admin/v1/domains/" + host()).problem(404, "not-found");
        assertThat(get("/admin/v1/domains/192.168.0.1").violations()).containsKey("host");
    }

    @Autowired
    ApiTokenRepository tokens;

    String tokenWithRole(Role role) {
        String secret = unique("secret-") + UUID.randomUUID();
        tokens.save(new ApiToken(
                unique(role.wireName() + "-"), role, TokenSecrets.hash(secret), Instant.now(), "test", null));
        return secret;
    }

    @Test
    void viewerReadsButCannotChangeAppsDomainsOrPinSets() {
        String viewer = tokenWithRole(Role.VIEWER);
        String h = host();
        createDomain(h, "report");
        String id = unique("app-");

        assertThat(sendAs(viewer, "GET", "/admin/v1/domains/" + h, null, Map.of())
                        .status())
                .isEqualTo(200);
        sendAs(viewer, "POST", "/admin/v1/apps", Map.of("id", id, "displayName", "x"), Map.of())
                .problem(403, "forbidden");
        sendAs(viewer, "PUT", "/admin/v1/domains/" + h, Map.of("includeSubdomains", true, "mode", "enforce"), Map.of())
                .problem(403, "forbidden");
        sendAs(
                        viewer,
                        "PUT",
                        "/admin/v1/domains/" + h + "/pin-set",
                        pinSet(pin(randomPin(), "primary")),
                        ifMatch("\"0\""))
                .problem(403, "forbidden");
        sendAs(viewer, "DELETE", "/admin/v1/domains/" + h, null, Map.of()).problem(403, "forbidden");

        get("/admin/v1/apps/" + id).problem(404, "not-found");
        assertThat(get("/admin/v1/domains/" + h).json().get("mode").asString()).isEqualTo("report");
        get("/admin/v1/domains/" + h + "/pin-set").problem(404, "not-found");
    }

    /**
     * The re-sign job signs whatever lifetime and poll interval an app carries: an editor who could
     * set them would make the service sign year-long bundles without any publisher's say.
     */
    @Test
    void editorCannotStretchTheSignedBundleLifetimeOrPollInterval() {
        String editor = tokenWithRole(Role.EDITOR);
        String id = unique("app-");
        createApp(id);

        JsonNode both = sendAs(
                        editor,
                        "PUT",
                        "/admin/v1/apps/" + id,
                        Map.of(
                                "displayName",
                                "Renamed",
                                "bundleLifetimeSeconds",
                                31_536_000,
                                "pollIntervalSeconds",
                                60),
                        Map.of())
                .problem(403, "forbidden");
        assertThat(both.get("violations").findValuesAsString("field"))
                .containsExactly("pollIntervalSeconds", "bundleLifetimeSeconds");
        assertThat(both.get("detail").asString())
                .contains("bundleLifetimeSeconds")
                .contains("publisher");
        JsonNode created = sendAs(
                        editor,
                        "POST",
                        "/admin/v1/apps",
                        Map.of("id", unique("app-"), "displayName", "x", "bundleLifetimeSeconds", 31_536_000),
                        Map.of())
                .problem(403, "forbidden");
        assertThat(created.get("violations").findValuesAsString("field")).containsExactly("bundleLifetimeSeconds");

        JsonNode app = get("/admin/v1/apps/" + id).json();
        assertThat(app.get("displayName").asString()).isEqualTo("App " + id);
        assertThat(app.has("bundleLifetimeSeconds")).isFalse();
        assertThat(events.forTarget("app:" + id))
                .extracting(AuditableEvent::action)
                .containsExactly("app.created");

        // the editor may still rename the app; a publisher may change the signed settings
        assertThat(sendAs(editor, "PUT", "/admin/v1/apps/" + id, Map.of("displayName", "Renamed"), Map.of())
                        .status())
                .isEqualTo(200);
        Response byPublisher = sendAs(
                tokenWithRole(Role.PUBLISHER),
                "PUT",
                "/admin/v1/apps/" + id,
                Map.of("displayName", "Renamed", "bundleLifetimeSeconds", 86_400),
                Map.of());
        assertThat(byPublisher.status()).isEqualTo(200);
        assertThat(byPublisher.json().get("bundleLifetimeSeconds").asLong()).isEqualTo(86_400);
        // and an editor keeping the publisher's value unchanged is fine
        assertThat(sendAs(
                                editor,
                                "PUT",
                                "/admin/v1/apps/" + id,
                                Map.of("displayName", "Again", "bundleLifetimeSeconds", 86_400),
                                Map.of())
                        .status())
                .isEqualTo(200);
    }

    @Test
    void editorChangesPinSetsAndIsNamedAsAuthor() {
        String editor = tokenWithRole(Role.EDITOR);
        String h = host();
        createDomain(h, "report");
        Response r = sendAs(
                editor,
                "PUT",
                "/admin/v1/domains/" + h + "/pin-set",
                pinSet(pin(randomPin(), "primary")),
                ifMatch("\"0\""));
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().get("author").asString()).startsWith("editor-");
    }

    @Test
    void refusesCallsWithoutToken() {
        Response r = sendAs(null, "POST", "/admin/v1/apps", Map.of("id", unique("a-"), "displayName", "x"), Map.of());
        r.problem(401, "unauthorized");
        sendAs("wrong", "GET", "/admin/v1/domains", null, Map.of()).problem(401, "unauthorized");
    }
}
