package dev.pinwheel.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.MACVerifier;
import dev.pinwheel.support.PinwheelTest;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An insider holding the service's database credentials tries to rewrite the audit log. The
 * service's role is refused outright (PostgreSQL triggers); a role that can bypass triggers (the
 * owner; a superuser here, {@code session_replication_role = replica}) can change rows, and the
 * keyed chain then names the event. Every owner-level change runs in a transaction that is rolled
 * back, holding the chain head's lock so no other writer sees it.
 */
@PinwheelTest
class AuditAttackTests {

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    AuditLog auditLog;

    @Autowired
    AuditCheckpoints checkpoints;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Environment environment;

    @Autowired
    dev.pinwheel.signing.DerivedKeys keys;

    List<AuditEntry> threeEvents() {
        String target = "test:" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            int n = i;
            tx.executeWithoutResult(
                    s -> events.publishEvent(new SomethingChanged(target, Map.of("role", "viewer", "n", n))));
        }
        List<AuditEntry> newestFirst = new java.util.ArrayList<>(
                auditLog.search(new AuditQuery(target, null, null, null), 0, 3).items());
        java.util.Collections.reverse(newestFirst);
        return newestFirst;
    }

    /** Runs {@code attack} with trigger-bypassing rights, then rolls everything back. */
    void asOwnerThenRollBack(Consumer<JdbcTemplate> attack) {
        tx.executeWithoutResult(s -> {
            jdbc.queryForObject("select last_hash from audit_chain_head where id = 1 for update", String.class);
            jdbc.execute("set local session_replication_role = replica");
            try {
                attack.accept(jdbc);
            } finally {
                s.setRollbackOnly();
            }
        });
        assertThat(auditLog.verify().ok()).as("rolled back").isTrue();
    }

    @Test
    void updateAuditEventIsRefusedToTheServiceRole() {
        AuditEntry e = threeEvents().get(1);

        assertThatThrownBy(() -> jdbc.update("update audit_events set summary = ? where id = ?", "{}", e.id()))
                .rootCause()
                .hasMessageContaining("audit_events is append-only: UPDATE is refused");
        assertThat(auditLog.hashOf(e.id())).contains(e.hash());
    }

    @Test
    void deleteAuditEventIsRefusedToTheServiceRole() {
        AuditEntry e = threeEvents().get(1);

        assertThatThrownBy(() -> jdbc.update("delete from audit_events where id = ?", e.id()))
                .rootCause()
                .hasMessageContaining("audit_events is append-only: DELETE is refused");
        assertThatThrownBy(() -> jdbc.execute("truncate audit_events"))
                .rootCause()
                .hasMessageContaining("audit_events is append-only: TRUNCATE is refused");
        assertThat(auditLog.verify().ok()).isTrue();
    }

    @Test
    void moveKeyingBoundaryIsRefusedToTheServiceRole() {
        assertThatThrownBy(() -> jdbc.update("update audit_chain_head set keyed_from_id = keyed_from_id + 1000"))
                .rootCause()
                .hasMessageContaining("the keying boundary is fixed");
        assertThatThrownBy(() -> jdbc.update("update audit_chain_head set keyed_from_mac = null"))
                .rootCause()
                .hasMessageContaining("the keying boundary is fixed");
        assertThatThrownBy(() -> jdbc.update("delete from audit_chain_head"))
                .rootCause()
                .hasMessageContaining("cannot be deleted");
    }

    @Test
    void editAuditEventAndRecomputeUnkeyedHashesIsDetectedWithTheEventId() {
        List<AuditEntry> three = threeEvents();
        AuditEntry victim = three.get(1);

        asOwnerThenRollBack(db -> {
            db.update("update audit_events set summary = ? where id = ?", "{\"n\":1,\"role\":\"admin\"}", victim.id());
            recomputeUnkeyedHashesFrom(db, victim.id());

            ChainVerification v = auditLog.verify();

            assertThat(v.ok()).isFalse();
            assertThat(v.firstBrokenId()).isEqualTo(victim.id());
            assertThat(v.reason()).contains("does not match its keyed hash (HMAC-SHA256 under the audit key)");
        });
    }

    @Test
    void deleteAuditEventAsOwnerIsDetectedAtTheNextEvent() {
        List<AuditEntry> three = threeEvents();

        asOwnerThenRollBack(db -> {
            db.update("delete from audit_events where id = ?", three.get(1).id());

            ChainVerification v = auditLog.verify();

            assertThat(v.ok()).isFalse();
            assertThat(v.firstBrokenId()).isEqualTo(three.get(2).id());
            assertThat(v.reason())
                    .isEqualTo("does not link to the hash of the event before it (event "
                            + three.get(0).id() + "): an event was removed, inserted or reordered");
        });
    }

    @Test
    void deleteNewestAuditEventAsOwnerIsDetectedAtTheHead() {
        List<AuditEntry> three = threeEvents();

        asOwnerThenRollBack(db -> {
            db.update("delete from audit_events where id >= ?", three.get(2).id());

            ChainVerification v = auditLog.verify();

            assertThat(v.ok()).isFalse();
            assertThat(v.reason()).contains("events are missing from the end");
        });
    }

    @Test
    void passKeyedEventsOffAsUnkeyedByMovingTheBoundaryIsDetected() {
        List<AuditEntry> three = threeEvents();

        asOwnerThenRollBack(db -> {
            db.update(
                    "update audit_chain_head set keyed_from_id = ? where id = 1",
                    three.get(2).id() + 1);
            db.update(
                    "update audit_events set summary = ? where id = ?",
                    "{\"n\":1,\"role\":\"admin\"}",
                    three.get(1).id());
            recomputeUnkeyedHashesFrom(db, three.get(1).id());

            ChainVerification v = auditLog.verify();

            assertThat(v.ok()).isFalse();
            assertThat(v.reason()).contains("is not anchored by the audit key: it was moved or its anchor removed");
        });
    }

    @Test
    void eventsWrittenBeforeKeyingVerifyUnkeyedAndTheFirstKeyedEventProtectsThem() {
        List<AuditEntry> three = threeEvents();
        long boundary = three.get(2).id();

        asOwnerThenRollBack(db -> {
            // the chain as an upgrade leaves it: unkeyed hashes before the boundary, keyed from it on
            db.update(
                    "update audit_chain_head set keyed_from_id = ?, keyed_from_mac = ? where id = 1",
                    boundary,
                    AuditHashes.boundaryMac(keys, boundary));
            long first = db.queryForObject("select min(id) from audit_events", Long.class);
            recomputeUnkeyedHashesFrom(db, first);
            recomputeKeyedHashesFrom(db, boundary, keys);
            ChainVerification upgraded = auditLog.verify();
            assertThat(upgraded.ok()).as(upgraded.reason()).isTrue();
            assertThat(upgraded.keyedFromId()).isEqualTo(boundary);

            // an insider edits an unkeyed event and recomputes the unkeyed hashes up to the boundary
            db.update(
                    "update audit_events set summary = ? where id = ?",
                    "{\"n\":1,\"role\":\"admin\"}",
                    three.get(1).id());
            recomputeUnkeyedHashesFrom(db, three.get(1).id());
            recomputeKeyedHashesFrom(db, boundary, null);

            ChainVerification v = auditLog.verify();
            assertThat(v.ok()).isFalse();
            assertThat(v.firstBrokenId()).isEqualTo(boundary);
            assertThat(v.reason()).contains("does not match its keyed hash");
        });
    }

    @Test
    void checkpointIsAnHs256JwsThatVerifiesWithTheHkdfDerivedKey() throws Exception {
        threeEvents();
        AuditCheckpoints.Checkpoint checkpoint = checkpoints.issue();

        JWSObject jws = JWSObject.parse(checkpoint.jws());
        byte[] master = Base64.getDecoder().decode(environment.getRequiredProperty("PINWHEEL_MASTER_KEY"));

        assertThat(jws.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
        assertThat(jws.verify(new MACVerifier(hkdf(master, "pinwheel audit checkpoint v1"))))
                .isTrue();
        assertThat(JWSObject.parse(checkpoint.jws()).verify(new MACVerifier(hkdf(master, "pinwheel audit chain v1"))))
                .as("the chain key is another key")
                .isFalse();
        Map<String, Object> payload = jws.getPayload().toJSONObject();
        assertThat(((Number) payload.get("count")).longValue())
                .isEqualTo(auditLog.verify().count());
        assertThat(payload.get("headHash"))
                .isEqualTo(auditLog.hashOf(((Number) payload.get("headEventId")).longValue())
                        .orElseThrow());
        assertThat(checkpoints.check(checkpoint.jws()).ok()).isTrue();
    }

    @Test
    void rewriteAfterACheckpointIsRevealedByTheCheckpoint() {
        List<AuditEntry> three = threeEvents();
        String kept = checkpoints.issue().jws();

        asOwnerThenRollBack(db -> {
            db.update(
                    "update audit_events set summary = ? where id = ?",
                    "{\"n\":2,\"role\":\"admin\"}",
                    three.get(2).id());
            recomputeUnkeyedHashesFrom(db, three.get(2).id());

            AuditCheckpoints.CheckpointCheck check = checkpoints.check(kept);

            assertThat(check.ok()).isFalse();
            assertThat(check.signatureValid()).isTrue();
            assertThat(check.chainMatches()).isFalse();
            assertThat(check.reason()).contains("no longer has the hash the checkpoint recorded");
        });
    }

    @Test
    void forgedCheckpointIsRefused() {
        threeEvents();
        String[] parts = checkpoints.issue().jws().split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replaceFirst("\"count\":\\d+", "\"count\":1");
        String forged = parts[0] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "."
                + parts[2];

        AuditCheckpoints.CheckpointCheck check = checkpoints.check(forged);

        assertThat(check.ok()).isFalse();
        assertThat(check.signatureValid()).isFalse();
        assertThat(check.reason()).contains("the MAC does not verify");
    }

    /** What an insider without the key does: recompute the unkeyed SHA-256 chain from an event on. */
    static void recomputeUnkeyedHashesFrom(JdbcTemplate db, long fromId) {
        String prev = db
                .query(
                        "select hash from audit_events where id < ? order by id desc limit 1",
                        (rs, n) -> rs.getString(1),
                        fromId)
                .stream()
                .findFirst()
                .orElse(null);
        List<Map<String, Object>> rows =
                db.queryForList("select * from audit_events where id >= ? order by id", fromId);
        for (Map<String, Object> row : rows) {
            OffsetDateTime at =
                    ((java.sql.Timestamp) row.get("occurred_at")).toInstant().atOffset(ZoneOffset.UTC);
            String hash = AuditHashes.hash(
                    prev,
                    at.toInstant(),
                    (String) row.get("actor"),
                    (String) row.get("action"),
                    (String) row.get("target"),
                    (String) row.get("summary"),
                    (String) row.get("request_id"));
            db.update("update audit_events set prev_hash = ?, hash = ? where id = ?", prev, hash, row.get("id"));
            prev = hash;
        }
        db.update("update audit_chain_head set last_hash = ? where id = 1", prev);
    }

    /**
     * Rewrites the hashes from {@code fromId} on as the service would (with {@code keys}), or, with
     * null keys, only relinks them as an insider without the key can (unkeyed hashes, keyed ones kept).
     */
    static void recomputeKeyedHashesFrom(JdbcTemplate db, long fromId, dev.pinwheel.signing.DerivedKeys keys) {
        String prev = db
                .query(
                        "select hash from audit_events where id < ? order by id desc limit 1",
                        (rs, n) -> rs.getString(1),
                        fromId)
                .stream()
                .findFirst()
                .orElse(null);
        for (Map<String, Object> row :
                db.queryForList("select * from audit_events where id >= ? order by id", fromId)) {
            java.time.Instant at = ((java.sql.Timestamp) row.get("occurred_at")).toInstant();
            String hash = keys == null
                    ? (String) row.get("hash")
                    : AuditHashes.keyedHash(
                            keys,
                            prev,
                            at,
                            (String) row.get("actor"),
                            (String) row.get("action"),
                            (String) row.get("target"),
                            (String) row.get("summary"),
                            (String) row.get("request_id"));
            db.update("update audit_events set prev_hash = ?, hash = ? where id = ?", prev, hash, row.get("id"));
            prev = hash;
        }
        db.update("update audit_chain_head set last_hash = ? where id = 1", prev);
    }

    static byte[] hkdf(byte[] master, String info) {
        HKDFBytesGenerator generator = new HKDFBytesGenerator(new SHA256Digest());
        generator.init(new HKDFParameters(master, new byte[0], info.getBytes(StandardCharsets.UTF_8)));
        byte[] out = new byte[32];
        generator.generateBytes(out, 0, out.length);
        return out;
    }
}
