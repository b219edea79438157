package dev.pinwheel.bundles;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * SQL for bundles. {@link #lockCounter} must be called inside the publishing transaction: it
 * holds the app's counter row until commit, which serialises publishes of one app across threads
 * and replicas.
 */
@Repository
class BundleStore {

    private static final String COLUMNS = "id, app_id, seq, issued_at, expires_at, poll_interval_seconds, kid, "
            + "jws_sha256, kind, republished_from_seq, actor, comment, force_reason";

    private static final int DOMAIN_ROWS_PER_INSERT = 250;

    private final JdbcClient jdbc;
    private final TransactionTemplate requiresNew;

    BundleStore(JdbcClient jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.requiresNew = new TransactionTemplate(tx.getTransactionManager());
        this.requiresNew.setPropagationBehavior(TransactionTemplate.PROPAGATION_REQUIRES_NEW);
    }

    /** Makes sure the app has a counter row (in its own transaction; a concurrent insert is fine). */
    void ensureCounter(String appId) {
        boolean exists = jdbc.sql("select count(*) from bundle_counters where app_id = ?")
                        .param(appId)
                        .query(Long.class)
                        .single()
                > 0;
        if (exists) {
            return;
        }
        try {
            requiresNew.executeWithoutResult(
                    s -> jdbc.sql("insert into bundle_counters (app_id, last_seq) values (?, 0)")
                            .param(appId)
                            .update());
        } catch (DataIntegrityViolationException concurrentInsert) {
            // another publisher created it first
        }
    }

    /** Locks the app's counter row until the transaction ends and returns the last seq (0 = none). */
    Optional<Long> lockCounter(String appId) {
        return jdbc.sql("select last_seq from bundle_counters where app_id = ? for update")
                .param(appId)
                .query(Long.class)
                .optional();
    }

    /** The last seq without locking (0 when nothing was published). */
    long lastSeq(String appId) {
        return jdbc.sql("select last_seq from bundle_counters where app_id = ?")
                .param(appId)
                .query(Long.class)
                .optional()
                .orElse(0L);
    }

    void insert(StoredBundle bundle) {
        BundleSummary s = bundle.summary();
        int updated = jdbc.sql("update bundle_counters set last_seq = ? where app_id = ? and last_seq < ?")
                .param(s.seq())
                .param(s.appId())
                .param(s.seq())
                .update();
        if (updated != 1) {
            throw new IllegalStateException("seq " + s.seq() + " of app " + s.appId() + " is not above the last seq");
        }
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("insert into bundles (app_id, seq, issued_at, expires_at, poll_interval_seconds, kid, jws_sha256, "
                        + "jws, kind, republished_from_seq, actor, comment, force_reason) "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .param(s.appId())
                .param(s.seq())
                .param(odt(s.issuedAt()))
                .param(odt(s.expiresAt()))
                .param(bundle.pollIntervalSeconds())
                .param(s.kid())
                .param(s.sha256())
                .param(bundle.jws())
                .param(s.kind().wireName())
                .param(s.republishedFromSeq())
                .param(s.actor())
                .param(s.comment())
                .param(s.forceReason())
                .update(key, "id");
        long id = key.getKey().longValue();
        // multi-row inserts: a big app must not cost a round trip per domain
        List<DomainVersion> domains = s.domains();
        for (int from = 0; from < domains.size(); from += DOMAIN_ROWS_PER_INSERT) {
            int to = Math.min(domains.size(), from + DOMAIN_ROWS_PER_INSERT);
            StringBuilder sql = new StringBuilder(
                    "insert into bundle_domains (bundle_id, position, host, pin_set_version) values ");
            List<Object> params = new ArrayList<>(4 * (to - from));
            for (int i = from; i < to; i++) {
                sql.append(i == from ? "(?, ?, ?, ?)" : ", (?, ?, ?, ?)");
                params.add(id);
                params.add(i);
                params.add(domains.get(i).host());
                params.add(domains.get(i).pinSetVersion());
            }
            jdbc.sql(sql.toString()).params(params).update();
        }
    }

    Optional<StoredBundle> find(String appId, long seq) {
        List<StoredBundle> found = select("where app_id = ? and seq = ?", List.of(appId, seq));
        return found.stream().findFirst();
    }

    Optional<StoredBundle> latest(String appId) {
        return select(
                        "where app_id = ? and seq = (select max(seq) from bundles where app_id = ?)",
                        List.of(appId, appId))
                .stream()
                .findFirst();
    }

    /**
     * Rows of a bundle that may be served: its app exists and the bundle was not withdrawn by a
     * deletion of the app (an app re-created under the same id does not serve the old app's bundles).
     */
    private static final String SERVABLE = "exists (select 1 from apps a where a.id = bundles.app_id)"
            + " and bundles.seq > coalesce((select c.withdrawn_through_seq from bundle_counters c"
            + " where c.app_id = bundles.app_id), 0)";

    /**
     * Counters of the apps whose newest bundle may be served: one row per app, its {@code last_seq}
     * written in the same transaction as the bundle. Reading the newest bundles through it costs one
     * row per app, not a scan of every app's whole history.
     */
    private static final String SERVABLE_COUNTERS = "bundle_counters c join apps a on a.id = c.app_id"
            + " where c.last_seq > 0 and c.last_seq > c.withdrawn_through_seq";

    /** Withdraws every bundle the app has so far from delivery (they stay in the history). */
    void withdraw(String appId) {
        jdbc.sql("update bundle_counters set withdrawn_through_seq = last_seq where app_id = ?")
                .param(appId)
                .update();
    }

    /** The newest bundle of the app, when it may be served ({@link #SERVABLE}). */
    Optional<StoredBundle> servableLatest(String appId) {
        return select(
                        "where app_id = ? and seq = (select max(seq) from bundles where app_id = ?) and " + SERVABLE,
                        List.of(appId, appId))
                .stream()
                .findFirst();
    }

    /** The newest bundle of every app whose newest bundle may be served (one row per app read). */
    List<StoredBundle> servableLatestOfEveryApp() {
        return select(
                "where exists (select 1 from " + SERVABLE_COUNTERS
                        + " and c.app_id = bundles.app_id and c.last_seq = bundles.seq)",
                List.of());
    }

    /** The newest seq of every app whose newest bundle may be served (one row per app read). */
    Map<String, Long> servableLatestSeqs() {
        Map<String, Long> seqs = new HashMap<>();
        jdbc.sql("select c.app_id, c.last_seq from " + SERVABLE_COUNTERS)
                .query((rs, n) -> seqs.put(rs.getString("app_id"), rs.getLong("last_seq")))
                .list();
        return seqs;
    }

    /**
     * The kids that signed the newest servable bundle of some app (what clients may be fetching
     * now): one row per app, through its counter.
     */
    Set<String> newestKids() {
        return new HashSet<>(jdbc.sql("select distinct b.kid from "
                        + SERVABLE_COUNTERS.replace(
                                " where ", " join bundles b" + " on b.app_id = c.app_id and b.seq = c.last_seq where "))
                .query(String.class)
                .list());
    }

    /**
     * When the newest bundle of every existing app was issued: one row per app, through its counter
     * (the re-sign job's pre-selection).
     */
    Map<String, Instant> newestIssuedAt() {
        Map<String, Instant> issued = new HashMap<>();
        jdbc.sql("select c.app_id, b.issued_at from bundle_counters c join apps a on a.id = c.app_id "
                        + "join bundles b on b.app_id = c.app_id and b.seq = c.last_seq")
                .query((rs, n) -> issued.put(
                        rs.getString("app_id"),
                        rs.getObject("issued_at", OffsetDateTime.class).toInstant()))
                .list();
        return issued;
    }

    /** seq → jws_sha256 of the app's newest {@code limit} bundles. */
    Map<Long, String> recentHashes(String appId, int limit) {
        Map<Long, String> hashes = new HashMap<>();
        jdbc.sql("select seq, jws_sha256 from bundles where app_id = ? order by seq desc limit " + limit)
                .param(appId)
                .query((rs, n) -> hashes.put(rs.getLong("seq"), rs.getString("jws_sha256")))
                .list();
        return hashes;
    }

    /** app id → (seq → jws_sha256) of every app's newest {@code limit} bundles, in one query. */
    Map<String, Map<Long, String>> recentHashesOfEveryApp(int limit) {
        Map<String, Map<Long, String>> hashes = new HashMap<>();
        jdbc.sql("select app_id, seq, jws_sha256 from (select app_id, seq, jws_sha256, row_number() over "
                        + "(partition by app_id order by seq desc) as rn from bundles) recent where rn <= " + limit)
                .query((rs, n) -> hashes.computeIfAbsent(rs.getString("app_id"), a -> new HashMap<>())
                        .put(rs.getLong("seq"), rs.getString("jws_sha256")))
                .list();
        return hashes;
    }

    /** Newest first; {@code beforeSeq} null means from the newest. */
    List<StoredBundle> history(String appId, Long beforeSeq, int limit) {
        String where = beforeSeq == null ? "where app_id = ?" : "where app_id = ? and seq < ?";
        List<Object> params = beforeSeq == null ? List.of(appId) : List.of(appId, beforeSeq);
        return select(where + " order by seq desc limit " + limit, params);
    }

    boolean anyFor(String appId) {
        return jdbc.sql("select count(*) from bundles where app_id = ?")
                        .param(appId)
                        .query(Long.class)
                        .single()
                > 0;
    }

    private List<StoredBundle> select(String whereAndOrder, List<Object> params) {
        JdbcClient.StatementSpec spec = jdbc.sql("select " + COLUMNS + ", jws from bundles " + whereAndOrder);
        for (Object p : params) {
            spec = spec.param(p);
        }
        Map<Long, Row> rows = new LinkedHashMap<>();
        spec.query((rs, n) -> {
                    Long from =
                            rs.getObject("republished_from_seq") == null ? null : rs.getLong("republished_from_seq");
                    rows.put(
                            rs.getLong("id"),
                            new Row(
                                    rs.getString("app_id"),
                                    rs.getLong("seq"),
                                    rs.getObject("issued_at", OffsetDateTime.class)
                                            .toInstant(),
                                    rs.getObject("expires_at", OffsetDateTime.class)
                                            .toInstant(),
                                    rs.getLong("poll_interval_seconds"),
                                    rs.getString("kid"),
                                    rs.getString("jws_sha256"),
                                    rs.getString("jws"),
                                    BundleKind.of(rs.getString("kind")),
                                    from,
                                    rs.getString("actor"),
                                    rs.getString("comment"),
                                    rs.getString("force_reason")));
                    return null;
                })
                .list();
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<Long, List<DomainVersion>> domains = new HashMap<>();
        String ids =
                String.join(",", rows.keySet().stream().map(String::valueOf).toList());
        jdbc.sql("select bundle_id, host, pin_set_version from bundle_domains where bundle_id in (" + ids
                        + ") order by bundle_id, position")
                .query((rs, n) -> domains.computeIfAbsent(rs.getLong("bundle_id"), k -> new ArrayList<>())
                        .add(new DomainVersion(rs.getString("host"), rs.getInt("pin_set_version"))))
                .list();
        List<StoredBundle> out = new ArrayList<>();
        rows.forEach((id, r) -> out.add(new StoredBundle(
                new BundleSummary(
                        r.appId,
                        r.seq,
                        r.issuedAt,
                        r.expiresAt,
                        r.kid,
                        r.sha256,
                        r.kind,
                        r.from,
                        r.actor,
                        r.comment,
                        r.forceReason,
                        List.copyOf(domains.getOrDefault(id, List.of()))),
                r.jws,
                r.pollSeconds)));
        return out;
    }

    private static OffsetDateTime odt(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private record Row(
            String appId,
            long seq,
            Instant issuedAt,
            Instant expiresAt,
            long pollSeconds,
            String kid,
            String sha256,
            String jws,
            BundleKind kind,
            Long from,
            String actor,
            String comment,
            String forceReason) {}
}
