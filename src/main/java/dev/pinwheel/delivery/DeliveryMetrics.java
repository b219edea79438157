package dev.pinwheel.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.stereotype.Component;

/**
 * {@code pinwheel_bundle_requests_total{app, status}}: client bundle requests by app and status
 * (200, 304, 404). Cheap on the hot path: the counters of an app are registered once, when it is
 * first served, and looked up by app id without allocating tags. A 404 is counted under
 * {@code app="unknown"}, never under the requested id, so a client cannot create series at will.
 * The counters of an app also carry its {@link AdoptionCounter.AppPolls}, so that a request finds
 * everything it counts with one lookup.
 */
@Component
public class DeliveryMetrics {

    static final String NAME = "pinwheel.bundle.requests";

    private final MeterRegistry registry;
    private final ConcurrentMap<String, AppCounters> apps = new ConcurrentHashMap<>();
    private final Counter notFound;
    private final AdoptionCounter adoption;

    DeliveryMetrics(MeterRegistry registry, AdoptionCounter adoption) {
        this.registry = registry;
        this.adoption = adoption;
        this.notFound = counter("unknown", "404");
    }

    /** The counters of an app that has a bundle in the cache. */
    public AppCounters forApp(String appId) {
        AppCounters c = apps.get(appId);
        return c != null ? c : apps.computeIfAbsent(appId, this::register);
    }

    /** Counts a request for an app without a bundle. */
    public void notFound() {
        notFound.increment();
    }

    private AppCounters register(String appId) {
        return new AppCounters(counter(appId, "200"), counter(appId, "304"), adoption.forApp(appId));
    }

    private Counter counter(String app, String status) {
        return Counter.builder(NAME)
                .tag("app", app)
                .tag("status", status)
                .description("Client bundle requests by app and HTTP status")
                .register(registry);
    }

    /** The pre-registered counters of one app, and its poll counters by held bundle. */
    public record AppCounters(Counter ok, Counter notModified, AdoptionCounter.AppPolls polls) {}
}
