package dev.pinwheel.alerts;

import java.time.Instant;
import java.util.List;

/**
 * A registered webhook as the API shows it; the secret is never shown.
 *
 * @param conditions the wire names of the {@link AlertKind}s it receives
 */
public record WebhookView(
        long id,
        String name,
        String url,
        List<String> conditions,
        boolean enabled,
        Instant createdAt,
        String createdBy) {}
