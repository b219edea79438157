package dev.pinwheel.alerts;

import java.time.Instant;
import java.util.Map;

/**
 * A condition worth telling people about, published as an application event by the module that
 * sees it; every enabled webhook subscribed to its kind gets it once per de-duplication window.
 *
 * @param subject    what it is about, e.g. {@code domain:api.example.com} or {@code app:banking}
 * @param dedupKey   conditions with the same kind and key are the same condition (e.g. the subject
 *                   and the served pin); never null
 * @param summary    one sentence for a person
 * @param details    JSON-serialisable facts (hosts, pins, times); never secrets
 */
public record AlertCondition(
        AlertKind kind,
        String subject,
        String dedupKey,
        String summary,
        Map<String, Object> details,
        Instant observedAt) {

    public AlertCondition {
        details = details == null ? Map.of() : Map.copyOf(details);
    }
}
