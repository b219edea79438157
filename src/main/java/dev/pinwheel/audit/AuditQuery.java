package dev.pinwheel.audit;

import java.time.Instant;

/**
 * A filter over the audit log; every field may be null (no restriction).
 *
 * @param from inclusive lower bound of the event time
 * @param to   exclusive upper bound of the event time
 */
public record AuditQuery(String target, String actor, Instant from, Instant to) {}
