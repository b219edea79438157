package dev.pinwheel.alerts;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Raises {@link AlertKind#INTERCEPTION_SPIKE} when an app receives at least
 * {@code pinwheel.alerts.interception-spike-threshold} reports classified as possible interception
 * within {@code interception-spike-window}. Counted in memory per replica (reports are spread over
 * replicas by the load balancer, so the threshold applies per replica; the Prometheus rule on
 * {@code pinwheel_reports_received_total} sums across them).
 */
@Component
class InterceptionSpikes {

    private final AlertProperties properties;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Map<String, Deque<Instant>> recent = new ConcurrentHashMap<>();

    InterceptionSpikes(AlertProperties properties, ApplicationEventPublisher events, Clock clock) {
        this.properties = properties;
        this.events = events;
        this.clock = clock;
    }

    @EventListener
    void on(InterceptionReported report) {
        Instant now = clock.instant();
        Deque<Instant> times = recent.computeIfAbsent(report.appId(), a -> new ArrayDeque<>());
        int count;
        synchronized (times) {
            times.addLast(now);
            Instant from = now.minus(properties.interceptionSpikeWindow());
            while (!times.isEmpty() && times.peekFirst().isBefore(from)) {
                times.removeFirst();
            }
            while (times.size() > properties.interceptionSpikeThreshold()) {
                times.removeFirst();
            }
            count = times.size();
        }
        if (count >= properties.interceptionSpikeThreshold()) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("app", report.appId());
            details.put("host", report.host());
            details.put("servedPin", report.servedPin().value());
            details.put("reports", count);
            details.put("window", properties.interceptionSpikeWindow().toString());
            events.publishEvent(new AlertCondition(
                    AlertKind.INTERCEPTION_SPIKE,
                    "app:" + report.appId(),
                    "app:" + report.appId(),
                    count + " pin-failure reports of app " + report.appId()
                            + " classified as possible interception within " + properties.interceptionSpikeWindow()
                            + " (last: host " + report.host() + ")",
                    details,
                    now));
        }
    }
}
