package dev.pinwheel.reports;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores reports aggregated by identity. The upsert is safe under concurrency on PostgreSQL and
 * H2 alike without MERGE: update the existing row; if there is none, insert with
 * {@code ON CONFLICT DO NOTHING}; if a concurrent request inserted it first, update again. Each
 * statement sees the rows committed before it (read committed), so no report is lost or doubled.
 */
@Repository
class ReportStore {

    private final JdbcClient jdbc;

    ReportStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One aggregated report row as stored. */
    record StoredReport(
            long id,
            String appId,
            String hostname,
            Integer port,
            String notedHostname,
            Boolean includeSubdomains,
            String servedLeafPin,
            List<String> servedPins,
            List<String> validatedPins,
            List<String> knownPins,
            String leafSubject,
            String leafIssuer,
            String appVersion,
            String platform,
            Long bundleSeq,
            long count,
            Instant firstSeen,
            Instant lastSeen) {}

    /**
     * What happened to one received report.
     *
     * @param stored false when it would have made a new row over the period's cap (it was counted as dropped)
     * @param count  the aggregated count of its row after it; 0 when dropped
     */
    record Recorded(boolean stored, long count) {}

    /**
     * Records one receipt of the report: a repeat of a stored report is always counted; a new
     * distinct report is stored only while the app's period has room under {@code cap} (pinned
     * and unpinned hosts counted apart), else it is dropped and counted as dropped.
     */
    @Transactional
    public Recorded record(
            String appId,
            PinFailureReport r,
            Instant now,
            ReportClassification classification,
            boolean pinnedHost,
            ReportProperties.Cap cap) {
        String hash = identity(appId, r);
        if (increment(appId, hash, r, now) == 0) {
            if (!takeNewRowSlot(appId, now, pinnedHost, cap)) {
                return new Recorded(false, 0);
            }
            int inserted = jdbc.sql("""
                    insert into pin_failure_reports (app_id, identity_hash, hostname, port, noted_hostname,
                        include_subdomains, effective_expiration_date, served_leaf_pin, served_pins, validated_pins,
                        known_pins, leaf_subject, leaf_issuer, app_version, platform, bundle_seq, client_time,
                        report_count, first_seen, last_seen, pinned_host, classification)
                    values (:app, :hash, :hostname, :port, :noted, :includeSubdomains, :expiration, :leaf, :served,
                        :validated, :known, :subject, :issuer, :appVersion, :platform, :bundleSeq, :clientTime,
                        1, :now, :now, :pinned, :classification)
                    on conflict do nothing
                    """)
                    .param("app", appId)
                    .param("hash", hash)
                    .param("hostname", r.hostname())
                    .param("port", r.port())
                    .param("noted", r.notedHostname())
                    .param("includeSubdomains", r.includeSubdomains())
                    .param("expiration", ts(r.effectiveExpirationDate()))
                    .param("leaf", r.servedLeafPin())
                    .param("served", join(r.servedPins()))
                    .param("validated", join(r.validatedPins()))
                    .param("known", join(r.knownPins()))
                    .param("subject", r.leafSubject())
                    .param("issuer", r.leafIssuer())
                    .param("appVersion", r.appVersion())
                    .param("platform", r.platform())
                    .param("bundleSeq", r.bundleSeq())
                    .param("clientTime", ts(r.dateTime()))
                    .param("now", ts(now))
                    .param("pinned", pinnedHost)
                    .param("classification", classification.name())
                    .update();
            if (inserted == 0 && increment(appId, hash, r, now) == 0) {
                throw new IllegalStateException("report row vanished during upsert");
            }
        }
        long[] row = jdbc.sql(
                        "select id, report_count from pin_failure_reports where app_id = :app and identity_hash = :hash")
                .param("app", appId)
                .param("hash", hash)
                .query((rs, n) -> new long[] {rs.getLong("id"), rs.getLong("report_count")})
                .single();
        countDay(row[0], now);
        return new Recorded(true, row[1]);
    }

    /** Adds one arrival of report {@code reportId} to the count of its UTC day. */
    private void countDay(long reportId, Instant now) {
        LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
        jdbc.sql("insert into report_daily_counts (report_id, report_day, report_count) values (:id, :day, 0)"
                        + " on conflict do nothing")
                .param("id", reportId)
                .param("day", day)
                .update();
        jdbc.sql(
                        "update report_daily_counts set report_count = report_count + 1 where report_id = :id and report_day = :day")
                .param("id", reportId)
                .param("day", day)
                .update();
    }

    /** Reports of one UTC day that share a served chain and a client bundle seq (so one classification). */
    record DailyCount(LocalDate day, List<String> servedPins, Long bundleSeq, long count) {}

    /**
     * The app's reports per UTC day in {@code [from, to)}, grouped by what decides their classification
     * (served chain, client bundle seq); {@code host} null for every host.
     */
    List<DailyCount> daily(String appId, String host, LocalDate from, LocalDate to) {
        StringBuilder sql = new StringBuilder("""
                select d.report_day, r.served_pins, r.bundle_seq, sum(d.report_count) as reports
                  from report_daily_counts d join pin_failure_reports r on r.id = d.report_id
                 where r.app_id = :app and d.report_day >= :from and d.report_day < :to
                """);
        if (host != null) {
            sql.append(" and r.hostname = :host");
        }
        sql.append(" group by d.report_day, r.served_pins, r.bundle_seq order by d.report_day");
        var query =
                jdbc.sql(sql.toString()).param("app", appId).param("from", from).param("to", to);
        if (host != null) {
            query = query.param("host", host);
        }
        return query.query((rs, n) -> new DailyCount(
                        rs.getObject("report_day", LocalDate.class),
                        split(rs.getString("served_pins")),
                        (Long) rs.getObject("bundle_seq", Long.class),
                        rs.getLong("reports")))
                .list();
    }

    /** Takes one new-row slot of the app's current period, or counts a drop when there is none left. */
    private boolean takeNewRowSlot(String appId, Instant now, boolean pinnedHost, ReportProperties.Cap cap) {
        long periodMillis = Math.max(1, cap.period().toMillis());
        Instant start = Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), periodMillis) * periodMillis);
        int max = pinnedHost ? cap.newPerPeriod() : cap.newUnpinnedPerPeriod();
        jdbc.sql("""
                insert into report_intake_periods (app_id, period_start, pinned_host, new_rows, dropped)
                values (:app, :start, :pinned, 0, 0) on conflict do nothing
                """)
                .param("app", appId)
                .param("start", ts(start))
                .param("pinned", pinnedHost)
                .update();
        int taken = jdbc.sql("""
                update report_intake_periods set new_rows = new_rows + 1
                 where app_id = :app and period_start = :start and pinned_host = :pinned and new_rows < :max
                """)
                .param("app", appId)
                .param("start", ts(start))
                .param("pinned", pinnedHost)
                .param("max", max)
                .update();
        if (taken == 1) {
            return true;
        }
        jdbc.sql("""
                update report_intake_periods set dropped = dropped + 1
                 where app_id = :app and period_start = :start and pinned_host = :pinned
                """)
                .param("app", appId)
                .param("start", ts(start))
                .param("pinned", pinnedHost)
                .update();
        return false;
    }

    /** Reports dropped over the cap in periods that started at or after {@code since}. */
    @Transactional(readOnly = true)
    public long dropped(String appId, Instant since) {
        Long n = jdbc.sql("select coalesce(sum(dropped), 0) from report_intake_periods"
                        + " where app_id = :app and period_start >= :since")
                .param("app", appId)
                .param("since", ts(since))
                .query(Long.class)
                .single();
        return n == null ? 0 : n;
    }

    /** The app's hosts it does not pin that reports named, most reported first, with counts. */
    @Transactional(readOnly = true)
    public List<ReportOverview.UnpinnedHost> unpinnedHosts(String appId, Instant from, Instant to, int limit) {
        StringBuilder sql = new StringBuilder("""
                select hostname, sum(report_count) as reports, count(*) as distinct_reports, max(last_seen) as last_seen
                  from pin_failure_reports where app_id = :app and pinned_host = false""");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("app", appId);
        window(sql, params, from, to);
        sql.append(" group by hostname order by reports desc, hostname limit :limit");
        params.put("limit", limit);
        return jdbc.sql(sql.toString())
                .params(params)
                .query((rs, n) -> new ReportOverview.UnpinnedHost(
                        rs.getString("hostname"),
                        rs.getLong("reports"),
                        rs.getInt("distinct_reports"),
                        instant(rs, "last_seen")))
                .list();
    }

    /**
     * The served leaf keys of reports of pinned hosts classified "possible interception" when they
     * arrived, most reported first: selected by themselves, so newer reports of any other kind
     * cannot push them out.
     */
    @Transactional(readOnly = true)
    public List<String> interceptionKeys(String appId, String host, Instant from, Instant to, int limit) {
        StringBuilder sql = new StringBuilder("""
                select served_leaf_pin, sum(report_count) as reports, max(last_seen) as last_seen
                  from pin_failure_reports
                 where app_id = :app and pinned_host = true and classification = :classification""");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("app", appId);
        params.put("classification", ReportClassification.POSSIBLE_INTERCEPTION.name());
        if (host != null) {
            sql.append(" and hostname = :host");
            params.put("host", host);
        }
        window(sql, params, from, to);
        sql.append(" group by served_leaf_pin order by reports desc, last_seen desc limit :limit");
        params.put("limit", limit);
        return jdbc.sql(sql.toString())
                .params(params)
                .query((rs, n) -> rs.getString("served_leaf_pin"))
                .list();
    }

    private static void window(StringBuilder sql, Map<String, Object> params, Instant from, Instant to) {
        if (from != null) {
            sql.append(" and last_seen >= :from");
            params.put("from", ts(from));
        }
        if (to != null) {
            sql.append(" and first_seen < :to");
            params.put("to", ts(to));
        }
    }

    private int increment(String appId, String hash, PinFailureReport r, Instant now) {
        return jdbc.sql("""
                update pin_failure_reports
                   set report_count = report_count + 1,
                       last_seen = greatest(last_seen, :now),
                       client_time = coalesce(:clientTime, client_time)
                 where app_id = :app and identity_hash = :hash
                """)
                .param("now", ts(now))
                .param("clientTime", ts(r.dateTime()))
                .param("app", appId)
                .param("hash", hash)
                .update();
    }

    /**
     * The reports of an app last seen at or after {@code from} and first seen before {@code to}
     * (either may be null: unbounded), optionally of one host, newest first.
     */
    @Transactional(readOnly = true)
    public List<StoredReport> find(String appId, String host, Instant from, Instant to, int limit) {
        return find(appId, host, from, to, null, limit);
    }

    /**
     * As {@link #find(String, String, Instant, Instant, int)}, of pinned hosts only; with
     * {@code servedKeys} only reports with those served leaf keys (null: any).
     */
    @Transactional(readOnly = true)
    public List<StoredReport> find(
            String appId, String host, Instant from, Instant to, List<String> servedKeys, int limit) {
        StringBuilder sql = new StringBuilder("""
                select id, app_id, hostname, port, noted_hostname, include_subdomains, served_leaf_pin, served_pins,
                       validated_pins, known_pins, leaf_subject, leaf_issuer, app_version, platform, bundle_seq,
                       report_count, first_seen, last_seen
                  from pin_failure_reports where app_id = :app and pinned_host = true""");
        List<Object[]> params = new ArrayList<>();
        params.add(new Object[] {"app", appId});
        if (host != null) {
            sql.append(" and hostname = :host");
            params.add(new Object[] {"host", host});
        }
        if (from != null) {
            sql.append(" and last_seen >= :from");
            params.add(new Object[] {"from", ts(from)});
        }
        if (to != null) {
            sql.append(" and first_seen < :to");
            params.add(new Object[] {"to", ts(to)});
        }
        if (servedKeys != null) {
            sql.append(" and served_leaf_pin in (:keys)");
            params.add(new Object[] {"keys", servedKeys});
        }
        sql.append(" order by last_seen desc, id desc limit :limit");
        params.add(new Object[] {"limit", limit});
        JdbcClient.StatementSpec spec = jdbc.sql(sql.toString());
        for (Object[] p : params) {
            spec = spec.param((String) p[0], p[1]);
        }
        return spec.query(ReportStore::map).list();
    }

    /** Deletes the reports last seen before {@code cutoff}; returns how many. */
    @Transactional
    public int purgeLastSeenBefore(Instant cutoff) {
        jdbc.sql("delete from report_intake_periods where period_start < :cutoff")
                .param("cutoff", ts(cutoff))
                .update();
        jdbc.sql("delete from report_daily_counts where report_day < :day")
                .param("day", LocalDate.ofInstant(cutoff, ZoneOffset.UTC))
                .update();
        return jdbc.sql("delete from pin_failure_reports where last_seen < :cutoff")
                .param("cutoff", ts(cutoff))
                .update();
    }

    private static StoredReport map(ResultSet rs, int row) throws SQLException {
        return new StoredReport(
                rs.getLong("id"),
                rs.getString("app_id"),
                rs.getString("hostname"),
                (Integer) rs.getObject("port", Integer.class),
                rs.getString("noted_hostname"),
                (Boolean) rs.getObject("include_subdomains", Boolean.class),
                rs.getString("served_leaf_pin"),
                split(rs.getString("served_pins")),
                split(rs.getString("validated_pins")),
                split(rs.getString("known_pins")),
                rs.getString("leaf_subject"),
                rs.getString("leaf_issuer"),
                rs.getString("app_version"),
                rs.getString("platform"),
                (Long) rs.getObject("bundle_seq", Long.class),
                rs.getLong("report_count"),
                instant(rs, "first_seen"),
                instant(rs, "last_seen"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static String join(List<String> pins) {
        return String.join(" ", pins);
    }

    private static List<String> split(String pins) {
        return pins == null || pins.isBlank() ? List.of() : Arrays.asList(pins.split(" "));
    }

    /** SHA-256 (hex) over the identity fields, each length-prefixed so no two identities collide by concatenation. */
    static String identity(String appId, PinFailureReport r) {
        StringBuilder b = new StringBuilder();
        for (Object part : new Object[] {
            appId,
            r.hostname(),
            r.port(),
            join(r.servedPins()),
            join(r.knownPins()),
            r.appVersion(),
            r.platform(),
            r.bundleSeq()
        }) {
            String s = part == null ? "\u0000null" : part.toString();
            b.append(s.length()).append(':').append(s).append(';');
        }
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(b.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
