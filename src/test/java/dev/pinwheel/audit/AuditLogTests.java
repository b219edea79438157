package dev.pinwheel.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.pinwheel.security.TokenManagement;
import dev.pinwheel.support.PinwheelTest;
import dev.pinwheel.support.Tokens;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;

@PinwheelTest
class AuditLogTests {

    static final String ADMIN = Tokens.ADMIN_BEARER;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    AuditLog auditLog;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TokenManagement tokens;

    @Autowired
    MockMvc mvc;

    @Test
    void recordsEventInThePublishersTransaction() {
        String target = target();
        tx.executeWithoutResult(s -> events.publishEvent(new SomethingChanged(target, Map.of("b", 2, "a", "x"))));
        AuditPage page = auditLog.search(new AuditQuery(target, null, null, null), 0, 10);
        assertThat(page.items()).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("thing.changed");
            assertThat(e.actor()).isEqualTo("system");
            assertThat(e.summary()).isEqualTo("{\"a\":\"x\",\"b\":2}");
            assertThat(e.requestId()).isNull();
            assertThat(e.hash()).hasSize(64);
        });
    }

    @Test
    void rolledBackChangeLeavesNoEvent() {
        String target = target();
        assertThatThrownBy(() -> tx.executeWithoutResult(s -> {
                    events.publishEvent(new SomethingChanged(target, Map.of()));
                    throw new IllegalStateException("change failed");
                }))
                .hasMessage("change failed");
        assertThat(auditLog.search(new AuditQuery(target, null, null, null), 0, 10)
                        .totalItems())
                .isZero();
        assertThat(auditLog.verify().ok()).isTrue();
    }

    @Test
    void concurrentWritersKeepOneUnbrokenChain() throws Exception {
        long before = auditLog.verify().count();
        String target = target();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                int n = i;
                done.add(pool.submit(() -> tx.executeWithoutResult(
                        s -> events.publishEvent(new SomethingChanged(target, Map.of("n", n))))));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        ChainVerification v = auditLog.verify();
        assertThat(v.ok()).as(v.reason()).isTrue();
        assertThat(v.count()).isGreaterThanOrEqualTo(before + 30);
        assertThat(auditLog.search(new AuditQuery(target, null, null, null), 0, 100)
                        .totalItems())
                .isEqualTo(30);
    }

    @Test
    void listsEventsNewestFirstWithFiltersAndPages() throws Exception {
        String target = target();
        Instant start = Instant.now().minusSeconds(1);
        for (int i = 0; i < 5; i++) {
            int n = i;
            tx.executeWithoutResult(s -> events.publishEvent(new SomethingChanged(target, Map.of("n", n))));
        }
        mvc.perform(get("/admin/v1/audit-events")
                        .header("Authorization", ADMIN)
                        .param("target", target)
                        .param("size", "2")
                        .param("page", "1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.totalItems").value(5))
                .andExpect(jsonPath("$.page").value(1))
                .andExpect(jsonPath("$.size").value(2))
                .andExpect(jsonPath("$.items.length()").value(2))
                .andExpect(jsonPath("$.items[0].summary.n").value(2))
                .andExpect(jsonPath("$.items[1].summary.n").value(1))
                .andExpect(jsonPath("$.items[0].actor").value("system"));
        mvc.perform(get("/admin/v1/audit-events")
                        .header("Authorization", ADMIN)
                        .param("target", target)
                        .param("actor", "system")
                        .param("from", start.toString())
                        .param("to", Instant.now().plusSeconds(60).toString()))
                .andExpect(jsonPath("$.totalItems").value(5))
                .andExpect(jsonPath("$.items[0].summary.n").value(4));
        mvc.perform(get("/admin/v1/audit-events")
                        .header("Authorization", ADMIN)
                        .param("target", target)
                        .param("actor", "someone-else"))
                .andExpect(jsonPath("$.totalItems").value(0));
        mvc.perform(get("/admin/v1/audit-events")
                        .header("Authorization", ADMIN)
                        .param("target", target)
                        .param("to", start.toString()))
                .andExpect(jsonPath("$.totalItems").value(0));
    }

    @Test
    void requestThatChangesRecordsItsActorAndRequestId() throws Exception {
        String name = "audited-" + UUID.randomUUID().toString().substring(0, 8);
        mvc.perform(post("/admin/v1/tokens")
                        .header("Authorization", ADMIN)
                        .header("X-Request-Id", "req-" + name)
                        .contentType("application/json")
                        .content("{\"name\":\"" + name + "\",\"role\":\"viewer\"}"))
                .andExpect(status().isCreated());
        mvc.perform(get("/admin/v1/audit-events").header("Authorization", ADMIN).param("target", "token:" + name))
                .andExpect(jsonPath("$.items[0].requestId").value("req-" + name))
                .andExpect(jsonPath("$.items[0].action").value("token.created"))
                .andExpect(jsonPath("$.items[0].target").value("token:" + name));
    }

    @Test
    void rejectsBadFilters() throws Exception {
        mvc.perform(get("/admin/v1/audit-events")
                        .header("Authorization", ADMIN)
                        .param("from", "yesterday")
                        .param("size", "0")
                        .param("page", "-1"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://pinwheel.dev/problems/validation"))
                .andExpect(jsonPath("$.violations.length()").value(3))
                .andExpect(jsonPath("$.violations[0].field").value("from"));
        mvc.perform(get("/admin/v1/audit-events").header("Authorization", ADMIN).param("size", "201"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.violations[0].field").value("size"));
        mvc.perform(get("/admin/v1/audit-events")
                        .header("Authorization", ADMIN)
                        .param("from", "2026-01-02T00:00:00Z")
                        .param("to", "2026-01-01T00:00:00Z"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.violations[0].field").value("to"));
    }

    @Test
    void viewerReadsTheLogButNobodyChangesIt() throws Exception {
        String viewer = "Bearer "
                + tx.execute(s -> tokens.create(
                                "auditor-" + UUID.randomUUID().toString().substring(0, 8), "viewer", null)
                        .secret());
        mvc.perform(get("/admin/v1/audit-events").header("Authorization", viewer))
                .andExpect(status().isOk());
        mvc.perform(get("/admin/v1/audit-events/verify").header("Authorization", viewer))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.ok").value(true));
        mvc.perform(delete("/admin/v1/audit-events").header("Authorization", viewer))
                .andExpect(status().isForbidden());
        mvc.perform(delete("/admin/v1/audit-events").header("Authorization", ADMIN))
                .andExpect(status().isMethodNotAllowed());
        mvc.perform(put("/admin/v1/audit-events/1")
                        .header("Authorization", ADMIN)
                        .contentType("application/json")
                        .content("{}"))
                .andExpect(status().is4xxClientError());
        mvc.perform(post("/admin/v1/audit-events")
                        .header("Authorization", ADMIN)
                        .contentType("application/json")
                        .content("{}"))
                .andExpect(status().isMethodNotAllowed());
        mvc.perform(get("/admin/v1/audit-events")).andExpect(status().isUnauthorized());
    }

    @Test
    void viewerTakesASignedCheckpointAndAnEditorChecksIt() throws Exception {
        String viewer = "Bearer "
                + tx.execute(s -> tokens.create(
                                "keeper-" + UUID.randomUUID().toString().substring(0, 8), "viewer", null)
                        .secret());
        String body = mvc.perform(get("/admin/v1/audit-events/checkpoint").header("Authorization", viewer))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.checkpoint").isString())
                .andExpect(jsonPath("$.count").isNumber())
                .andExpect(jsonPath("$.headHash").isString())
                .andReturn()
                .getResponse()
                .getContentAsString();
        String checkpoint = tools.jackson.databind.json.JsonMapper.builder()
                .build()
                .readTree(body)
                .get("checkpoint")
                .asString();

        mvc.perform(post("/admin/v1/audit-events/checkpoint/verify")
                        .header("Authorization", ADMIN)
                        .contentType("application/json")
                        .content("{\"checkpoint\":\"" + checkpoint + "\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.ok").value(true))
                .andExpect(jsonPath("$.signatureValid").value(true));
        mvc.perform(post("/admin/v1/audit-events/checkpoint/verify")
                        .header("Authorization", ADMIN)
                        .contentType("application/json")
                        .content("{\"checkpoint\":\"a.b\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.violations[0].field").value("checkpoint"));
        mvc.perform(post("/admin/v1/audit-events/checkpoint/verify")
                        .header("Authorization", viewer)
                        .contentType("application/json")
                        .content("{\"checkpoint\":\"" + checkpoint + "\"}"))
                .andExpect(status().isForbidden());
    }

    private static String target() {
        return "test:" + UUID.randomUUID();
    }
}
