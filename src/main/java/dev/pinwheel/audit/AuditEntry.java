package dev.pinwheel.audit;

import java.time.Instant;

/**
 * One recorded audit event, as stored. {@code summary} is the JSON text exactly as hashed.
 *
 * @param requestId null for work not triggered by a request
 * @param prevHash  null only for the first event of the chain
 */
public record AuditEntry(
        long id,
        Instant occurredAt,
        String actor,
        String action,
        String target,
        String summary,
        String requestId,
        String prevHash,
        String hash) {}
