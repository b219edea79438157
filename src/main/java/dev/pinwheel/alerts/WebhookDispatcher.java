package dev.pinwheel.alerts;

import dev.pinwheel.core.JobLease;
import dev.pinwheel.core.ProblemException;
import dev.pinwheel.core.jobs.PeriodicJob;
import dev.pinwheel.core.jobs.PeriodicWork;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sends due webhook deliveries every {@code pinwheel.alerts.dispatch-interval}, on one replica at a
 * time ({@link JobLease} {@code webhook-dispatch}), outside any database transaction: read what is
 * due, send, then record the outcome. A 2xx answer delivers; anything else is retried with
 * exponential back-off ({@link AlertProperties#backoffAfter}) up to {@code max-attempts}, then the
 * delivery is marked failed. Redirects are not followed.
 *
 * <p>Metric {@code pinwheel_webhook_attempts_total{outcome="delivered|retry|failed"}}: attempts by
 * outcome ({@code failed}: the last attempt of a delivery that gave up).
 */
@Component
class WebhookDispatcher implements PeriodicWork {

    static final String JOB = "webhook-dispatch";
    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

    private final WebhookManagement webhooks;
    private final AlertProperties properties;
    private final JobLease lease;
    private final HttpClient http;
    private final Clock clock = Clock.systemUTC();
    private final Counter delivered;
    private final Counter retried;
    private final Counter failed;

    WebhookDispatcher(WebhookManagement webhooks, AlertProperties properties, JobLease lease, MeterRegistry meters) {
        this.delivered = attempts(meters, "delivered");
        this.retried = attempts(meters, "retry");
        this.failed = attempts(meters, "failed");
        this.webhooks = webhooks;
        this.properties = properties;
        this.lease = lease;
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public List<PeriodicJob> periodicJobs() {
        return List.of(PeriodicJob.every(properties.dispatchInterval(), "webhook-dispatch", this::run));
    }

    /** The periodic run: on the replica that holds the lease, when dispatch is on. */
    void run() {
        Duration hold = properties
                .dispatchInterval()
                .multipliedBy(2)
                .plus(properties.requestTimeout().multipliedBy(2));
        if (!properties.dispatchEnabled() || !lease.tryAcquire(JOB, hold)) {
            return;
        }
        try {
            dispatchDue();
        } catch (RuntimeException e) {
            log.warn("Webhook dispatch failed ({})", e.getClass().getSimpleName());
        }
    }

    private static Counter attempts(MeterRegistry meters, String outcome) {
        return Counter.builder("pinwheel.webhook.attempts")
                .tag("outcome", outcome)
                .description("Webhook delivery attempts by outcome")
                .register(meters);
    }

    /** Sends every due delivery once (at most 50 a run). */
    void dispatchDue() {
        for (WebhookManagement.Due d : webhooks.due(50)) {
            send(d);
        }
    }

    private void send(WebhookManagement.Due d) {
        byte[] body = d.body().getBytes(StandardCharsets.UTF_8);
        long timestamp = clock.instant().getEpochSecond();
        String signature;
        try {
            signature = WebhookSignature.sign(webhooks.secret(d), timestamp, body);
        } catch (IllegalStateException e) {
            failedAttempt(d, null, "the webhook secret does not open under this master key");
            return;
        }
        try {
            webhooks.checkAddress(d.url());
        } catch (ProblemException e) {
            failedAttempt(d, null, e.detail());
            log.warn("Webhook {} not sent delivery {}: {}", d.name(), d.id(), e.detail());
            return;
        }
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(d.url()))
                    .timeout(properties.requestTimeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "Pinwheel-Webhook/1")
                    .header("X-Pinwheel-Delivery", Long.toString(d.id()))
                    .header("X-Pinwheel-Condition", d.condition())
                    .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                    .header(WebhookSignature.SIGNATURE_HEADER, signature)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                webhooks.delivered(d, status);
                delivered.increment();
                log.info("Webhook {} got delivery {} ({})", d.name(), d.id(), d.condition());
            } else {
                failedAttempt(d, status, "the receiver answered HTTP " + status);
                log.warn("Webhook {} answered HTTP {} to delivery {}", d.name(), status, d.id());
            }
        } catch (HttpTimeoutException e) {
            failedAttempt(d, null, "timed out after " + properties.requestTimeout());
        } catch (IOException e) {
            failedAttempt(d, null, "connection failed (" + e.getClass().getSimpleName() + ")");
            log.warn(
                    "Webhook {} unreachable for delivery {} ({})",
                    d.name(),
                    d.id(),
                    e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IllegalArgumentException e) {
            failedAttempt(d, null, "the URL cannot be requested");
        }
    }

    private void failedAttempt(WebhookManagement.Due d, Integer status, String error) {
        if (webhooks.attemptFailed(d, status, error)) {
            failed.increment();
        } else {
            retried.increment();
        }
    }
}
