package dev.pinwheel.audit.web;

import java.time.Instant;
import java.util.Map;

/** One audit event as the API shows it; {@code requestId} and {@code prevHash} may be null. */
record AuditEventResponse(
        long id,
        Instant occurredAt,
        String actor,
        String action,
        String target,
        Map<String, Object> summary,
        String requestId,
        String prevHash,
        String hash) {}
