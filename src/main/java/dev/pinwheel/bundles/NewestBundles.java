package dev.pinwheel.bundles;

import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The expiry of every app's newest bundle, in one query (for health and metrics). */
@Component
class NewestBundles {

    private final JdbcClient jdbc;

    NewestBundles(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<Expiry> expiries() {
        return jdbc.sql("""
                select b.app_id, b.seq, b.expires_at from bundles b
                join (select app_id, max(seq) as seq from bundles group by app_id) n
                  on n.app_id = b.app_id and n.seq = b.seq
                order by b.app_id""")
                .query((rs, n) -> new Expiry(
                        rs.getString("app_id"),
                        rs.getLong("seq"),
                        rs.getTimestamp("expires_at").toInstant()))
                .list();
    }

    record Expiry(String appId, long seq, Instant expiresAt) {}
}
