package dev.pinwheel.core;

import java.util.Map;

/**
 * A state change that must be written to the audit log. Publish it with Spring's
 * {@code ApplicationEventPublisher} inside the transaction that makes the change; the audit
 * module records it in that same transaction (so a rolled-back change leaves no event and an
 * event that cannot be written rolls the change back).
 *
 * <p>The summary must never contain secrets (token values, private keys, the master key).
 */
public interface AuditableEvent {

    /** Dotted verb, e.g. {@code app.created}, {@code pin-set.version-created}. */
    String action();

    /** What changed, e.g. {@code app:banking}, {@code domain:api.example.com}. */
    String target();

    /** JSON-serialisable summary of what changed. Never null; may be empty. */
    Map<String, Object> summary();
}
