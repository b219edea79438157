package dev.pinwheel.audit;

import dev.pinwheel.core.Actors;
import dev.pinwheel.core.AuditableEvent;
import dev.pinwheel.core.RequestIds;
import dev.pinwheel.signing.DerivedKeys;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The append-only audit log. Every {@link AuditableEvent} is written synchronously, inside the
 * transaction that published it (or a new one when there is none), so a change and its audit event
 * commit or roll back together. Writers are serialised by locking the single chain-head row; each
 * event stores the hash of its predecessor and its own hash, which {@link #verify()} recomputes.
 * Since the chain is keyed (migration V15) that hash is an HMAC under a key derived from the master
 * key ({@link DerivedKeys#AUDIT_CHAIN}): whoever holds only the database credentials cannot give an
 * edited event a matching hash, and on PostgreSQL the service's own role cannot update or delete
 * audit rows at all.
 *
 * <p>There is deliberately no method that changes or deletes an event.
 */
@Service
public class AuditLog implements SmartInitializingSingleton {

    private static final int MAX_ACTOR = 200;
    private static final int MAX_ACTION = 100;
    private static final int MAX_TARGET = 300;

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final JsonMapper json;
    private final DerivedKeys keys;

    AuditLog(JdbcTemplate jdbc, Clock clock, JsonMapper json, DerivedKeys keys) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.keys = keys;
        this.json = json.rebuild()
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .build();
    }

    /**
     * Anchors the keying boundary once (the first start after the chain was keyed): its HMAC,
     * which the database's guard then keeps from changing.
     */
    @Override
    public void afterSingletonsInstantiated() {
        try {
            Long keyedFrom = jdbc.queryForObject("select keyed_from_id from audit_chain_head where id = 1", Long.class);
            if (keyedFrom != null) {
                jdbc.update(
                        "update audit_chain_head set keyed_from_mac = ? where id = 1 and keyed_from_mac is null",
                        AuditHashes.boundaryMac(keys, keyedFrom));
            }
        } catch (DataAccessException e) {
            // verification reports the boundary as not anchored until a start that reaches the database
            org.slf4j.LoggerFactory.getLogger(AuditLog.class)
                    .warn(
                            "Could not anchor the audit chain's keying boundary: {}",
                            e.getClass().getSimpleName());
        }
    }

    /** Records the event in the current transaction; a failure here rolls the change back. */
    @EventListener
    @Transactional
    public void record(AuditableEvent event) {
        String prevHash =
                jdbc.queryForObject("select last_hash from audit_chain_head where id = 1 for update", String.class);
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String actor = clip(Actors.current(), MAX_ACTOR);
        String action = clip(event.action(), MAX_ACTION);
        String target = clip(event.target(), MAX_TARGET);
        Map<String, Object> summary = event.summary() == null ? Map.of() : new TreeMap<>(event.summary());
        String summaryJson = json.writeValueAsString(summary);
        String requestId = RequestIds.current();
        String hash = AuditHashes.keyedHash(keys, prevHash, at, actor, action, target, summaryJson, requestId);
        jdbc.update(
                "insert into audit_events (occurred_at, actor, action, target, summary, request_id, prev_hash, hash)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?)",
                OffsetDateTime.ofInstant(at, ZoneOffset.UTC),
                actor,
                action,
                target,
                summaryJson,
                requestId,
                prevHash,
                hash);
        jdbc.update("update audit_chain_head set last_hash = ?, event_count = event_count + 1 where id = 1", hash);
    }

    /** A page (0-based) of the events matching the query, newest first. */
    @Transactional(readOnly = true)
    public AuditPage search(AuditQuery query, int page, int size) {
        StringBuilder where = new StringBuilder(" where 1 = 1");
        List<Object> args = new ArrayList<>();
        if (query.target() != null) {
            where.append(" and target = ?");
            args.add(query.target());
        }
        if (query.actor() != null) {
            where.append(" and actor = ?");
            args.add(query.actor());
        }
        if (query.from() != null) {
            where.append(" and occurred_at >= ?");
            args.add(OffsetDateTime.ofInstant(query.from(), ZoneOffset.UTC));
        }
        if (query.to() != null) {
            where.append(" and occurred_at < ?");
            args.add(OffsetDateTime.ofInstant(query.to(), ZoneOffset.UTC));
        }
        Long total = jdbc.queryForObject("select count(*) from audit_events" + where, Long.class, args.toArray());
        List<Object> pageArgs = new ArrayList<>(args);
        pageArgs.add(size);
        pageArgs.add((long) page * size);
        List<AuditEntry> items = jdbc.query(
                "select * from audit_events" + where + " order by id desc limit ? offset ?",
                (rs, n) -> entry(rs),
                pageArgs.toArray());
        return new AuditPage(items, page, size, total == null ? 0 : total);
    }

    /**
     * Recomputes the whole chain, oldest first, and names the first event that does not verify and
     * why: events from the keying boundary on must carry the HMAC under the audit chain key, older
     * ones their unkeyed hash; each must link to the one before it; the head must count them all.
     */
    @Transactional(readOnly = true)
    public ChainVerification verify() {
        Map<String, Object> head = jdbc.queryForMap(
                "select last_hash, event_count, keyed_from_id, keyed_from_mac from audit_chain_head where id = 1");
        long keyedFrom = ((Number) head.get("keyed_from_id")).longValue();
        if (!AuditHashes.boundaryMac(keys, keyedFrom).equals(head.get("keyed_from_mac"))) {
            return new ChainVerification(
                    false,
                    0,
                    null,
                    "the keying boundary (event " + keyedFrom
                            + ") is not anchored by the audit key: it was moved or its anchor removed",
                    keyedFrom);
        }
        var state = new Object() {
            long count;
            String prev;
            Long prevId;
            Long brokenId;
            String reason;
        };
        jdbc.query("select * from audit_events order by id", (RowCallbackHandler) rs -> {
            if (state.brokenId != null) {
                return;
            }
            AuditEntry e = entry(rs);
            state.count++;
            boolean keyed = e.id() >= keyedFrom;
            if (!java.util.Objects.equals(state.prev, e.prevHash())) {
                state.brokenId = e.id();
                state.reason = "does not link to the hash of the event before it ("
                        + (state.prevId == null
                                ? "it claims a predecessor but is the first event"
                                : "event " + state.prevId)
                        + "): an event was removed, inserted or reordered";
            } else if (keyed
                    && !AuditHashes.keyedHash(
                                    keys,
                                    e.prevHash(),
                                    e.occurredAt(),
                                    e.actor(),
                                    e.action(),
                                    e.target(),
                                    e.summary(),
                                    e.requestId())
                            .equals(e.hash())) {
                state.brokenId = e.id();
                state.reason = "its content does not match its keyed hash (HMAC-SHA256 under the audit key):"
                        + " it was changed after it was written, or written without the key";
            } else if (!keyed
                    && !AuditHashes.hash(
                                    e.prevHash(),
                                    e.occurredAt(),
                                    e.actor(),
                                    e.action(),
                                    e.target(),
                                    e.summary(),
                                    e.requestId())
                            .equals(e.hash())) {
                state.brokenId = e.id();
                state.reason = "its content does not match its (unkeyed, written before keying) hash";
            }
            state.prev = e.hash();
            state.prevId = e.id();
        });
        if (state.brokenId != null) {
            return new ChainVerification(false, state.count, state.brokenId, state.reason, keyedFrom);
        }
        long headCount = ((Number) head.get("event_count")).longValue();
        if (!java.util.Objects.equals(head.get("last_hash"), state.prev) || headCount != state.count) {
            return new ChainVerification(
                    false,
                    state.count,
                    null,
                    "the chain head records " + headCount + " events and a different last hash; events are"
                            + " missing from the end",
                    keyedFrom);
        }
        return new ChainVerification(true, state.count, null, null, keyedFrom);
    }

    /** The head of the chain: its last event and hash and how many events it holds. */
    @Transactional(readOnly = true)
    public ChainHead head() {
        Map<String, Object> head =
                jdbc.queryForMap("select last_hash, event_count, keyed_from_id from audit_chain_head where id = 1");
        Long lastId = jdbc.queryForObject("select max(id) from audit_events", Long.class);
        return new ChainHead(
                ((Number) head.get("event_count")).longValue(),
                lastId,
                (String) head.get("last_hash"),
                ((Number) head.get("keyed_from_id")).longValue());
    }

    /**
     * The hash of the event with this id as stored now; empty when there is none.
     */
    @Transactional(readOnly = true)
    public java.util.Optional<String> hashOf(long eventId) {
        return jdbc.query("select hash from audit_events where id = ?", (rs, n) -> rs.getString(1), eventId).stream()
                .findFirst();
    }

    private static AuditEntry entry(ResultSet rs) throws SQLException {
        OffsetDateTime at = rs.getObject("occurred_at", OffsetDateTime.class);
        return new AuditEntry(
                rs.getLong("id"),
                at.toInstant(),
                rs.getString("actor"),
                rs.getString("action"),
                rs.getString("target"),
                rs.getString("summary"),
                rs.getString("request_id"),
                rs.getString("prev_hash"),
                rs.getString("hash"));
    }

    private static String clip(String value, int max) {
        if (value == null || value.isBlank()) {
            return "-";
        }
        return value.length() <= max ? value : value.substring(0, max);
    }
}
