/**
 * The append-only audit log: records every {@link dev.pinwheel.core.AuditableEvent} in the
 * transaction that publishes it, hash-chained so that tampering can be detected; nothing
 * depends on this package.
 */
package dev.pinwheel.audit;
