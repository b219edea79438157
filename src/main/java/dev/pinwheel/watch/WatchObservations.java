package dev.pinwheel.watch;

import dev.pinwheel.pins.PinHash;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The history of what the watch saw ({@code watch_observations}). */
@Component
class WatchObservations {

    private final JdbcClient jdbc;

    WatchObservations(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void record(
            String host,
            int port,
            Instant at,
            String address,
            PinHash served,
            List<PinHash> chain,
            Instant notAfter,
            String failure) {
        jdbc.sql("insert into watch_observations (host, port, observed_at, address, served_pin, chain_pins,"
                        + " leaf_not_after, failure) values (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        host,
                        port,
                        Timestamp.from(at),
                        address,
                        served == null ? null : served.base64(),
                        chain.isEmpty()
                                ? null
                                : clip(chain.stream().map(PinHash::base64).collect(Collectors.joining(","))),
                        notAfter == null ? null : Timestamp.from(notAfter),
                        failure == null ? null : failure.length() > 1000 ? failure.substring(0, 1000) : failure)
                .update();
    }

    /** The host's observations, newest first, before {@code beforeId} when given. */
    List<Observation> history(String host, Long beforeId, int limit) {
        return jdbc.sql("select * from watch_observations where host = ? and id < ? order by id desc limit ?")
                .params(host, beforeId == null ? Long.MAX_VALUE : beforeId, limit)
                .query(WatchObservations::row)
                .list();
    }

    /** The host's observations since {@code from} (inclusive), oldest first. */
    List<Observation> since(String host, Instant from) {
        return jdbc.sql("select * from watch_observations where host = ? and observed_at >= ? order by observed_at, id")
                .params(host, Timestamp.from(from))
                .query(WatchObservations::row)
                .list();
    }

    /** The host's newest successful observation at or before {@code at}, if any. */
    Optional<Observation> lastSuccessAtOrBefore(String host, Instant at) {
        return jdbc.sql(
                        "select * from watch_observations where host = ? and observed_at <= ? and served_pin is not null"
                                + " order by observed_at desc, id desc limit 1")
                .params(host, Timestamp.from(at))
                .query(WatchObservations::row)
                .optional();
    }

    /** The newest observation of each host observed since {@code from}. */
    List<Observation> newestPerHost(Instant from) {
        return jdbc.sql("select o.* from watch_observations o join (select host, max(id) as id from watch_observations"
                        + " where observed_at >= ? group by host) n on n.id = o.id order by o.host")
                .param(Timestamp.from(from))
                .query(WatchObservations::row)
                .list();
    }

    int deleteBefore(Instant cutoff) {
        return jdbc.sql("delete from watch_observations where observed_at < ?")
                .param(Timestamp.from(cutoff))
                .update();
    }

    private static String clip(String s) {
        return s.length() > 2000 ? s.substring(0, 2000) : s;
    }

    private static Observation row(ResultSet rs, int n) throws SQLException {
        String served = rs.getString("served_pin");
        String chain = rs.getString("chain_pins");
        Timestamp notAfter = rs.getTimestamp("leaf_not_after");
        return new Observation(
                rs.getLong("id"),
                rs.getString("host"),
                rs.getInt("port"),
                rs.getTimestamp("observed_at").toInstant(),
                rs.getString("address"),
                served == null ? null : new PinHash(served),
                chain == null
                        ? List.of()
                        : Arrays.stream(chain.split(",")).map(PinHash::new).toList(),
                notAfter == null ? null : notAfter.toInstant(),
                rs.getString("failure"));
    }
}
