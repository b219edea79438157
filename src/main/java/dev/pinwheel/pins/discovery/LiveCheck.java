package dev.pinwheel.pins.discovery;

import java.time.Clock;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import dev.pinwheel.core.Actors;
import dev.pinwheel.core.ProblemException;
import dev.pinwheel.pins.Domain;
import dev.pinwheel.pins.PinManagement;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The live check used by publish lint and rotation finish: which key does a host serve right
 * now? On for every domain with {@code pinwheel.discovery.live-check=true} (port
 * {@code pinwheel.discovery.live-check-port}), or per domain through
 * {@code PUT /admin/v1/domains/{host}/live-check}, which overrides the global setting. Uses
 * {@link TlsProbe}, so the same SSRF guard and time-outs apply.
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

    LiveCheck(DiscoveryProperties properties, TlsProbe probe, DomainLiveCheckRepository settings, PinManagement pins,
            ApplicationEventPublisher events, Clock clock) {
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
    public record Setting(String host, boolean enabled, int port, String source) {
    }

    /**
     * The outcome of checking one host.
     *
     * @param servedPin base64 pin of the served leaf key; null when the check failed
     * @param failure   why the check failed (refused address, time-out, handshake error); null on success
     */
    public record Outcome(String host, int port, String servedPin, String failure) {

        public boolean succeeded() {
            return servedPin != null;
        }
    }

    /** The effective setting (404 unknown domain). */
    @Transactional(readOnly = true)
    public Setting setting(String host) {
        Domain d = pins.domain(host);
        return settings.findById(d.id())
                .map(s -> new Setting(d.host().value(), s.enabled(), s.port(), "domain"))
                .orElse(new Setting(d.host().value(), properties.liveCheck(), properties.liveCheckPort(), "global"));
    }

    /** Sets the domain's own live-check setting; port null keeps the current (or default) port. */
    public Setting configure(String host, Boolean enabled, Integer port) {
        if (enabled == null) {
            throw ProblemException.invalid("enabled", "is required");
        }
        if (port != null && (port < 1 || port > 65535)) {
            throw ProblemException.invalid("port", "must be between 1 and 65535");
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
    public boolean enabledFor(String host) {
        return effective(host).map(Setting::enabled).orElse(false);
    }

    /**
     * The hosts among the given ones whose live check is on (one query, whatever the number of
     * hosts; unknown hosts are never on). Same answer as {@link #enabledFor} host by host.
     */
    @Transactional(readOnly = true)
    public Set<String> enabledAmong(Collection<String> hosts) {
        Set<String> on = new HashSet<>();
        if (hosts.isEmpty()) {
            return on;
        }
        for (Object[] row : settings.findSettingsOf(hosts)) {
            Boolean own = (Boolean) row[1];
            if (own != null ? own : properties.liveCheck()) {
                on.add((String) row[0]);
            }
        }
        return on;
    }

    /** The effective setting of every domain whose live check is on, by host. */
    @Transactional(readOnly = true)
    public java.util.List<Setting> enabledSettings() {
        java.util.List<Setting> on = new java.util.ArrayList<>();
        for (Object[] row : settings.findAllSettings()) {
            Boolean own = (Boolean) row[1];
            if (own != null ? own : properties.liveCheck()) {
                on.add(new Setting((String) row[0], true, row[2] != null ? ((Number) row[2]).intValue()
                        : properties.liveCheckPort(), own != null ? "domain" : "global"));
            }
        }
        return on;
    }

    /** Checks the host when the live check is on for it; empty when it is off. Never throws for network trouble. */
    @Transactional(readOnly = true)
    public Optional<Outcome> check(String host) {
        Optional<Setting> setting = effective(host).filter(Setting::enabled);
        if (setting.isEmpty()) {
            return Optional.empty();
        }
        int port = setting.get().port();
        try {
            TlsProbe.Result r = probe.probe(setting.get().host(), port, null);
            return Optional.of(new Outcome(setting.get().host(), port, r.servedPin(), null));
        } catch (ProblemException e) {
            return Optional.of(new Outcome(setting.get().host(), port, null, e.detail()));
        }
    }

    private Optional<Setting> effective(String host) {
        try {
            return Optional.of(setting(host));
        } catch (ProblemException e) {
            return Optional.empty();
        }
    }
}
