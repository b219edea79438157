package dev.pinwheel.trust;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for the trust chain. Every change runs inside a transaction that holds {@link #lock()}. */
@Repository
class TrustStore {

    private final JdbcClient jdbc;

    TrustStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Locks the trust chain until the transaction ends (serialises changes across replicas). */
    void lock() {
        jdbc.sql("select id from trust_lock where id = 1 for update")
                .query(Integer.class)
                .single();
    }

    /** Every root document, version 1 first. */
    List<String> rootDocuments() {
        return jdbc.sql("select document from trust_roots order by version")
                .query(String.class)
                .list();
    }

    void insertRoot(TrustVerifier.RootVersion root, String actor, Instant now) {
        jdbc.sql("insert into trust_roots (version, document, issuer, threshold, issued_at, expires_at, added_at, "
                        + "added_by) values (?, ?, ?, ?, ?, ?, ?, ?)")
                .param(root.version())
                .param(root.document())
                .param(root.issuer())
                .param(root.threshold())
                .param(odt(root.issuedAt()))
                .param(odt(root.expiresAt()))
                .param(odt(now))
                .param(actor)
                .update();
    }

    /** The document of the key set with the highest version. */
    Optional<String> latestKeySet() {
        return jdbc.sql("select document from trust_key_sets order by version desc limit 1")
                .query(String.class)
                .optional();
    }

    void insertKeySet(TrustVerifier.KeySet keySet, String actor, Instant now) {
        jdbc.sql("insert into trust_key_sets (version, root_version, document, kids, issued_at, expires_at, added_at, "
                        + "added_by) values (?, ?, ?, ?, ?, ?, ?, ?)")
                .param(keySet.version())
                .param(keySet.rootVersion())
                .param(keySet.document())
                .param(String.join(",", keySet.kids()))
                .param(odt(keySet.issuedAt()))
                .param(odt(keySet.expiresAt()))
                .param(odt(now))
                .param(actor)
                .update();
    }

    /** The newest proposal: version and payload. */
    Optional<Proposal> latestProposal() {
        return jdbc.sql(
                        "select version, root_version, payload from trust_key_set_proposals order by version desc limit 1")
                .query((rs, n) -> new Proposal(rs.getLong(1), rs.getInt(2), rs.getString(3)))
                .optional();
    }

    /** Whether the service proposed exactly this payload. */
    boolean proposed(String payload) {
        return jdbc.sql("select count(*) from trust_key_set_proposals where payload = ?")
                        .param(payload)
                        .query(Long.class)
                        .single()
                > 0;
    }

    long maxVersion() {
        Long p = jdbc.sql("select max(version) from trust_key_set_proposals")
                .query(Long.class)
                .optional()
                .orElse(null);
        Long k = jdbc.sql("select max(version) from trust_key_sets")
                .query(Long.class)
                .optional()
                .orElse(null);
        return Math.max(p == null ? 0 : p, k == null ? 0 : k);
    }

    void insertProposal(Proposal proposal, Instant now) {
        jdbc.sql("insert into trust_key_set_proposals (version, root_version, payload, created_at) values (?, ?, ?, ?)")
                .param(proposal.version())
                .param(proposal.rootVersion())
                .param(proposal.payload())
                .param(odt(now))
                .update();
    }

    /** A key-set payload the service proposed. */
    record Proposal(long version, int rootVersion, String payload) {}

    private static OffsetDateTime odt(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }
}
