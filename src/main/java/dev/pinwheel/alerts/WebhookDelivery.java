package dev.pinwheel.alerts;

import java.time.Instant;

/**
 * One notification to one webhook, as the delivery log shows it.
 *
 * @param status         {@code pending} (to be sent or retried), {@code delivered}, {@code failed} (gave up)
 * @param attempts       requests made so far
 * @param nextAttemptAt  when the next attempt is due; null unless pending
 * @param lastStatusCode HTTP status of the last attempt; null when it got no response
 * @param lastError      why the last attempt failed; null when it succeeded or none was made
 */
public record WebhookDelivery(
        long id,
        long webhookId,
        String condition,
        String dedupKey,
        String status,
        int attempts,
        Instant nextAttemptAt,
        Integer lastStatusCode,
        String lastError,
        Instant createdAt,
        Instant deliveredAt) {}
