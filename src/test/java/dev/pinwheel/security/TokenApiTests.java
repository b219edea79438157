package dev.pinwheel.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.pinwheel.support.MutableClock;
import dev.pinwheel.support.RotationSpringTest;
import dev.pinwheel.support.Tokens;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@RotationSpringTest
class TokenApiTests {

    static final String ADMIN = Tokens.ADMIN_BEARER;

    @Autowired
    MockMvc mvc;

    @Autowired
    MutableClock clock;

    @Autowired
    JsonMapper json;

    @Autowired
    ApiTokenRepository repository;

    /** Name of the admin token made from PINWHEEL_BOOTSTRAP_TOKEN ("bootstrap" unless that name was taken). */
    private String adminName() {
        return repository
                .findByTokenHash(TokenSecrets.hash(Tokens.ADMIN))
                .orElseThrow()
                .name();
    }

    /** The admin token as it appears as an actor: {@code name#id}. */
    private String adminActor() {
        ApiToken admin =
                repository.findByTokenHash(TokenSecrets.hash(Tokens.ADMIN)).orElseThrow();
        return admin.name() + "#" + admin.id();
    }

    /** A token named "system" would make its changes read as the service's own work in the audit log. */
    @ParameterizedTest
    @ValueSource(strings = {"system", "SYSTEM", "System", "autopilot", "anonymousUser"})
    void refusesATokenNamedLikeTheSystemToImpersonateItInTheAuditLog(String name) throws Exception {
        long before = repository.count();
        mvc.perform(post("/admin/v1/tokens")
                        .header("Authorization", ADMIN)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"" + name + "\",\"role\":\"admin\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                .andExpect(jsonPath("$.violations[0].field").value("name"))
                .andExpect(jsonPath("$.violations[0].message")
                        .value("'" + name + "' is reserved for the service's own work"));
        assertThat(repository.count()).isEqualTo(before);
        assertThat(repository.findByName(name)).isEmpty();
    }

    /** Every token's action is recorded as name#id, so it never reads as "system" or as an older namesake. */
    @Test
    void auditRecordsTheTokenIdSoActorsCannotBeConfused() throws Exception {
        String name = unique("ops");
        String secret = create(name, "admin", null);
        long id = repository.findByName(name).orElseThrow().id();
        String other = unique("x");
        mvc.perform(post("/admin/v1/tokens")
                        .header("Authorization", "Bearer " + secret)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"" + other + "\",\"role\":\"viewer\"}"))
                .andExpect(status().isCreated());
        mvc.perform(get("/admin/v1/audit-events")
                        .param("target", "token:" + other)
                        .header("Authorization", ADMIN))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].actor").value(name + "#" + id));
    }

    @Test
    void createsTokenWhoseSecretIsShownOnceAndNeverListed() throws Exception {
        String name = unique("ci");
        MvcResult created = mvc.perform(post("/admin/v1/tokens")
                        .header("Authorization", ADMIN)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"" + name + "\",\"role\":\"editor\"}"))
                .andExpect(status().isCreated())
                .andExpect(header().string("Cache-Control", "no-store"))
                .andExpect(jsonPath("$.name").value(name))
                .andExpect(jsonPath("$.role").value("editor"))
                .andExpect(jsonPath("$.createdBy").value(adminActor()))
                .andReturn();
        JsonNode body = json.readTree(created.getResponse().getContentAsString());
        String secret = body.path("token").asString();
        assertThat(secret).startsWith("pw_").hasSizeGreaterThanOrEqualTo(3 + 43);
        assertThat(created.getResponse().getHeader("Location"))
                .isEqualTo("/admin/v1/tokens/" + body.path("id").asLong());

        String list = mvc.perform(get("/admin/v1/tokens").header("Authorization", ADMIN))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(list)
                .contains(name)
                .doesNotContain(secret)
                .doesNotContain(TokenSecrets.hash(secret))
                .doesNotContain("\"token\"");
        JsonNode listed = json.readTree(list);
        JsonNode mine = null;
        for (JsonNode t : listed) {
            if (t.path("name").asString().equals(name)) {
                mine = t;
            }
        }
        assertThat(mine).isNotNull();
        assertThat(mine.path("role").asString()).isEqualTo("editor");
        assertThat(mine.path("revokedAt").isNull()).isTrue();

        mvc.perform(get("/admin/v1/audit-events")
                        .param("target", "token:" + name)
                        .header("Authorization", ADMIN))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].action").value("token.created"))
                .andExpect(jsonPath("$.items[0].actor").value(adminActor()))
                .andExpect(jsonPath("$.items[0].summary.role").value("editor"));
        String audit = mvc.perform(get("/admin/v1/audit-events")
                        .header("Authorization", ADMIN)
                        .param("size", "200"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(audit).doesNotContain(secret).doesNotContain(TokenSecrets.hash(secret));
    }

    @Test
    void createdTokenAuthenticatesAndRecordsLastUse() throws Exception {
        String name = unique("viewer");
        String secret = create(name, "viewer", null);
        mvc.perform(get("/admin/v1/audit-events").header("Authorization", "Bearer " + secret))
                .andExpect(status().isOk());
        mvc.perform(get("/admin/v1/tokens").header("Authorization", ADMIN))
                .andExpect(jsonPath("$[?(@.name == '" + name + "')].lastUsedAt")
                        .value(clock.instant().toString()));
    }

    @Test
    void rejectsMissingToken() throws Exception {
        mvc.perform(get("/admin/v1/tokens"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", "Bearer"))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://pinwheel.dev/problems/unauthorized"))
                .andExpect(jsonPath("$.status").value(401));
    }

    @Test
    void rejectsWrongToken() throws Exception {
        mvc.perform(get("/admin/v1/audit-events").header("Authorization", "Bearer pw_not-a-real-token"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.title").value("Authentication required"));
        mvc.perform(get("/admin/v1/audit-events").header("Authorization", "Basic dGVzdDp0ZXN0"))
                .andExpect(status().isUnauthorized());
        mvc.perform(get("/admin/v1/audit-events").header("Authorization", "Bearer "))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void rejectsRevokedToken() throws Exception {
        String name = unique("revoked");
        String secret = create(name, "admin", null);
        long id = idOf(name);
        mvc.perform(get("/admin/v1/tokens").header("Authorization", "Bearer " + secret))
                .andExpect(status().isOk());

        mvc.perform(delete("/admin/v1/tokens/" + id).header("Authorization", ADMIN))
                .andExpect(status().isNoContent());
        mvc.perform(get("/admin/v1/tokens").header("Authorization", "Bearer " + secret))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(get("/admin/v1/tokens").header("Authorization", ADMIN))
                .andExpect(jsonPath("$[?(@.name == '" + name + "')].revokedAt")
                        .value(clock.instant().toString()));
        mvc.perform(get("/admin/v1/audit-events")
                        .param("target", "token:" + name)
                        .header("Authorization", ADMIN))
                .andExpect(jsonPath("$.items[0].action").value("token.revoked"))
                .andExpect(jsonPath("$.items[1].action").value("token.created"));

        // revoking again changes nothing and records nothing
        mvc.perform(delete("/admin/v1/tokens/" + id).header("Authorization", ADMIN))
                .andExpect(status().isNoContent());
        mvc.perform(get("/admin/v1/audit-events")
                        .param("target", "token:" + name)
                        .header("Authorization", ADMIN))
                .andExpect(jsonPath("$.totalItems").value(2));
    }

    @Test
    void rejectsExpiredToken() throws Exception {
        String name = unique("expiring");
        String secret = create(name, "viewer", clock.instant().plus(Duration.ofHours(1)));
        mvc.perform(get("/admin/v1/audit-events").header("Authorization", "Bearer " + secret))
                .andExpect(status().isOk());
        clock.advance(Duration.ofHours(1));
        mvc.perform(get("/admin/v1/audit-events").header("Authorization", "Bearer " + secret))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.type").value("https://pinwheel.dev/problems/unauthorized"));
    }

    @Test
    void rejectsViewerWriting() throws Exception {
        String secret = create(unique("viewer"), "viewer", null);
        mvc.perform(post("/admin/v1/tokens")
                        .header("Authorization", "Bearer " + secret)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"x\",\"role\":\"viewer\"}"))
                .andExpect(status().isForbidden())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://pinwheel.dev/problems/forbidden"));
        mvc.perform(delete("/admin/v1/tokens/1").header("Authorization", "Bearer " + secret))
                .andExpect(status().isForbidden());
    }

    @Test
    void rejectsEditorAndPublisherManagingTokens() throws Exception {
        for (String role : new String[] {"editor", "publisher"}) {
            String secret = create(unique(role), role, null);
            mvc.perform(get("/admin/v1/tokens").header("Authorization", "Bearer " + secret))
                    .andExpect(status().isForbidden())
                    .andExpect(jsonPath("$.type").value("https://pinwheel.dev/problems/forbidden"));
            String attempted = unique("escalated");
            mvc.perform(post("/admin/v1/tokens")
                            .header("Authorization", "Bearer " + secret)
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"name\":\"" + attempted + "\",\"role\":\"admin\"}"))
                    .andExpect(status().isForbidden());
            mvc.perform(delete("/admin/v1/tokens/" + idOf(adminName())).header("Authorization", "Bearer " + secret))
                    .andExpect(status().isForbidden());
            mvc.perform(get("/admin/v1/tokens").header("Authorization", ADMIN))
                    .andExpect(jsonPath("$[?(@.name == '" + attempted + "')]").isEmpty());
        }
        mvc.perform(get("/admin/v1/tokens").header("Authorization", ADMIN))
                .andExpect(jsonPath("$[?(@.name == '" + adminName() + "')].revokedAt")
                        .value((Object) null));
    }

    @Test
    void rejectsInvalidNames() throws Exception {
        for (String name : new String[] {"", " ", "has space", "-leading-dash", "x".repeat(101), "naïve", "a/b"}) {
            mvc.perform(post("/admin/v1/tokens")
                            .header("Authorization", ADMIN)
                            .contentType(MediaType.APPLICATION_JSON)
                            .content(json.writeValueAsString(java.util.Map.of("name", name, "role", "viewer"))))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.type").value("https://pinwheel.dev/problems/validation"))
                    .andExpect(jsonPath("$.violations[0].field").value("name"));
        }
        mvc.perform(post("/admin/v1/tokens")
                        .header("Authorization", ADMIN)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"role\":\"viewer\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.violations[0].field").value("name"));
    }

    @Test
    void rejectsUnknownRole() throws Exception {
        for (String role : new String[] {"root", "ADMIN", ""}) {
            mvc.perform(post("/admin/v1/tokens")
                            .header("Authorization", ADMIN)
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"name\":\"" + unique("r") + "\",\"role\":\"" + role + "\"}"))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.violations[0].field").value("role"));
        }
    }

    @Test
    void rejectsExpiryInThePast() throws Exception {
        String name = unique("past");
        mvc.perform(post("/admin/v1/tokens")
                        .header("Authorization", ADMIN)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"" + name + "\",\"role\":\"viewer\",\"expiresAt\":\""
                                + clock.instant().minusSeconds(1) + "\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.violations[0].field").value("expiresAt"));
        mvc.perform(post("/admin/v1/tokens")
                        .header("Authorization", ADMIN)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"" + name + "\",\"role\":\"viewer\",\"expiresAt\":\"next tuesday\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://pinwheel.dev/problems/malformed-body"));
        mvc.perform(get("/admin/v1/tokens").header("Authorization", ADMIN))
                .andExpect(jsonPath("$[?(@.name == '" + name + "')]").isEmpty());
    }

    @Test
    void rejectsDuplicateNameWithConflict() throws Exception {
        String name = unique("dup");
        create(name, "viewer", null);
        mvc.perform(post("/admin/v1/tokens")
                        .header("Authorization", ADMIN)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"" + name + "\",\"role\":\"admin\"}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("https://pinwheel.dev/problems/conflict"));
        mvc.perform(get("/admin/v1/tokens").header("Authorization", ADMIN))
                .andExpect(jsonPath("$[?(@.name == '" + name + "')].role").value("viewer"));
    }

    @Test
    void revokingUnknownTokenIsNotFound() throws Exception {
        mvc.perform(delete("/admin/v1/tokens/987654321").header("Authorization", ADMIN))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://pinwheel.dev/problems/not-found"));
        mvc.perform(delete("/admin/v1/tokens/not-a-number").header("Authorization", ADMIN))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.violations[0].field").value("id"));
    }

    private String create(String name, String role, Instant expiresAt) throws Exception {
        String body = expiresAt == null
                ? "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}"
                : "{\"name\":\"" + name + "\",\"role\":\"" + role + "\",\"expiresAt\":\"" + expiresAt + "\"}";
        String response = mvc.perform(post("/admin/v1/tokens")
                        .header("Authorization", ADMIN)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString();
        return json.readTree(response).path("token").asString();
    }

    private long idOf(String name) throws Exception {
        String list = mvc.perform(get("/admin/v1/tokens").header("Authorization", ADMIN))
                .andReturn()
                .getResponse()
                .getContentAsString();
        for (JsonNode t : json.readTree(list)) {
            if (t.path("name").asString().equals(name)) {
                return t.path("id").asLong();
            }
        }
        throw new AssertionError("no token " + name);
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
