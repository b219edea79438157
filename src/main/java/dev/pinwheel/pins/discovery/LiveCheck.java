package dev.pinwheel.pins.discovery;

import java.util.Locale;
import java.util.Optional;

import dev.pinwheel.core.ProblemException;
import org.springframework.stereotype.Component;

/**
 * The live check used by publish lint and rotation finish: which key does a host serve right
 * now? On for every domain with {@code pinwheel.discovery.live-check=true}, or for the hosts
 * listed in {@code pinwheel.discovery.live-check-hosts}. Uses {@link TlsProbe}, so the same
 * SSRF guard and time-outs apply.
 */
@Component
public class LiveCheck {

    private final DiscoveryProperties properties;
    private final TlsProbe probe;

    public LiveCheck(DiscoveryProperties properties, TlsProbe probe) {
        this.properties = properties;
        this.probe = probe;
    }

    /**
     * The outcome of checking one host.
     *
     * @param host      the host checked
     * @param port      the port checked
     * @param servedPin pin of the served leaf key; null when the check failed
     * @param failure   why the check failed (refused address, time-out, handshake error); null on success
     */
    public record Outcome(String host, int port, String servedPin, String failure) {

        public boolean succeeded() {
            return servedPin != null;
        }
    }

    /** Whether the live check is on for the host. */
    public boolean enabledFor(String host) {
        return properties.liveCheck() || listed(host).isPresent();
    }

    /** The port the live check of this host connects to. */
    public int portFor(String host) {
        return listed(host).orElse(properties.liveCheckPort());
    }

    /** Checks the host when the live check is on for it; empty when it is off. */
    public Optional<Outcome> check(String host) {
        if (!enabledFor(host)) {
            return Optional.empty();
        }
        int port = portFor(host);
        try {
            TlsProbe.Result r = probe.probe(host, port, null);
            return Optional.of(new Outcome(host, port, r.servedPin(), null));
        } catch (ProblemException e) {
            return Optional.of(new Outcome(host, port, null, e.detail()));
        }
    }

    private Optional<Integer> listed(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        for (String entry : properties.liveCheckHosts()) {
            String e = entry.trim().toLowerCase(Locale.ROOT);
            int colon = e.lastIndexOf(':');
            if (colon > 0 && e.indexOf(':') == colon) {
                if (e.substring(0, colon).equals(h)) {
                    return Optional.of(Integer.parseInt(e.substring(colon + 1)));
                }
            } else if (e.equals(h)) {
                return Optional.of(properties.liveCheckPort());
            }
        }
        return Optional.empty();
    }
}
