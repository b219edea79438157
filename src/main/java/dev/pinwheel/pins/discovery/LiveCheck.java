package dev.pinwheel.pins.discovery;

import dev.pinwheel.core.Actors;
import dev.pinwheel.core.ProblemException;
import dev.pinwheel.pins.Domain;
import dev.pinwheel.pins.HostName;
import dev.pinwheel.pins.PinHash;
import dev.pinwheel.pins.PinManagement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The live check used by publish lint and rotation finish: which key does a host serve right
 * now? On for every domain with {@code pinwheel.discovery.live-check=true} (port
 * {@code pinwheel.discovery.live-check-port}), or per domain through
 * {@code PUT /admin/v1/domains/{host}/live-check}, which overrides the global setting. Uses
 * {@link TlsProbe}, so the same SSRF guard and time-outs apply. Probes run only through
 * {@link #checkAll}, outside any transaction: callers probe first and decide in their transaction
 * afterwards, so a hanging host never holds a lock or a database connection.
 */
@Service
@Transactional
public class LiveCheck {

    private final DiscoveryProperties properties;
    private final TlsProbe probe;
    private final DomainLiveCheckRepository settings;
    private final PinManagement pins;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    LiveCheck(
            DiscoveryProperties properties,
            TlsProbe probe,
            DomainLiveCheckRepository settings,
            PinManagement pins,
            ApplicationEventPublisher events,
            Clock clock) {
        this.properties = properties;
        this.probe = probe;
        this.settings = settings;
        this.pins = pins;
        this.events = events;
        this.clock = clock;
    }

    /**
     * The effective live-check setting of a domain.
     *
     * @param source {@code domain} when the domain has its own setting, else {@code global}
     */
    public record Setting(String host, boolean enabled, int port, String source) {}

    /**
     * The outcome of checking one host.
     *
     * @param servedPin the pin of the served leaf key; null when the check failed
     * @param failure   why the check failed (refused address, time-out, handshake error); null on success
     */
    public record Outcome(String host, int port, PinHash servedPin, String failure) {

        public boolean succeeded() {
            return servedPin != null;
        }
    }

    /** The effective setting (404 unknown domain). */
    @Transactional(readOnly = true)
    public Setting setting(HostName host) {
        Domain d = pins.domain(host);
        return settings.findById(d.id())
                .map(s -> new Setting(d.host().value(), s.enabled(), s.port(), "domain"))
                .orElse(new Setting(d.host().value(), properties.liveCheck(), properties.liveCheckPort(), "global"));
    }

    /** Sets the domain's own live-check setting; port null keeps the current (or default) port. */
    public Setting configure(HostName host, Boolean enabled, Integer port) {
        if (enabled == null) {
            throw ProblemException.invalid("enabled", "is required");
        }
        if (port != null && (port < 1 || port > 65535)) {
            throw ProblemException.invalid("port", "must be between 1 and 65535");
        }
        if (port != null && !probe.allowsPort(port)) {
            throw ProblemException.invalid("port", "must be in pinwheel.discovery.allowed-ports");
        }
        Domain d = pins.domain(host);
        DomainLiveCheck s = settings.findById(d.id()).orElseGet(() -> new DomainLiveCheck(d.id()));
        int effectivePort = port != null ? port : setting(host).port();
        s.set(enabled, effectivePort, clock.instant(), Actors.current());
        settings.save(s);
        events.publishEvent(new LiveCheckConfigured(d.host().value(), enabled, effectivePort));
        return new Setting(d.host().value(), enabled, effectivePort, "domain");
    }

    /** Whether the live check is on for the host (false for an unknown domain). */
    @Transactional(readOnly = true)
    public boolean enabledFor(HostName host) {
        return effective(host).map(Setting::enabled).orElse(false);
    }

    /**
     * Checks every host among the given ones whose live check is on, by host (unknown hosts and
     * hosts with the check off are absent). Reads the settings in one short query and then
     * probes with no transaction: never call it while holding a lock or a transaction, since a
     * probe may take the connect plus handshake time-outs per host. Never throws for network
     * trouble.
     */
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    public Map<String, Outcome> checkAll(Collection<String> hosts) {
        Map<String, Integer> on = new LinkedHashMap<>();
        if (!hosts.isEmpty()) {
            for (Object[] row : settings.findSettingsOf(hosts)) {
                Boolean own = (Boolean) row[1];
                if (own != null ? own : properties.liveCheck()) {
                    on.put((String) row[0], row[2] != null ? ((Number) row[2]).intValue() : properties.liveCheckPort());
                }
            }
        }
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        on.forEach((host, port) -> outcomes.put(host, probe(host, port)));
        return outcomes;
    }

    /** The effective setting of every domain whose live check is on, by host. */
    @Transactional(readOnly = true)
    public List<Setting> enabledSettings() {
        List<Setting> on = new ArrayList<>();
        for (Object[] row : settings.findAllSettings()) {
            Boolean own = (Boolean) row[1];
            if (own != null ? own : properties.liveCheck()) {
                on.add(new Setting(
                        (String) row[0],
                        true,
                        row[2] != null ? ((Number) row[2]).intValue() : properties.liveCheckPort(),
                        own != null ? "domain" : "global"));
            }
        }
        return on;
    }

    private Outcome probe(String host, int port) {
        try {
            return new Outcome(host, port, probe.probe(host, port, null).servedPin(), null);
        } catch (ProblemException e) {
            return new Outcome(host, port, null, e.detail());
        }
    }

    private Optional<Setting> effective(HostName host) {
        try {
            return Optional.of(setting(host));
        } catch (ProblemException e) {
            return Optional.empty();
        }
    }
}
