package dev.pinwheel.client;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A chain that matched none of its domain's pins.
 *
 * <br>{@code hostname}: the host connected to
 * <br>{@code port}: the port connected to
 * <br>{@code notedHost}: the bundle entry that applied (the host itself or a parent with includeSubdomains)
 * <br>{@code mode}: enforce (the connection was refused) or report (it was allowed)
 * <br>{@code bundleSeq}: the seq of the bundle whose pins were checked
 * <br>{@code knownPins}: the pins of that entry
 * <br>{@code servedPins}: the pins of the validated chain the server presented, leaf first
 */
public final class PinFailure {

    private final String hostname;
    private final int port;
    private final String notedHost;
    private final PinMode mode;
    private final long bundleSeq;
    private final Set<String> knownPins;
    private final List<String> servedPins;

    public PinFailure(
            String hostname,
            int port,
            String notedHost,
            PinMode mode,
            long bundleSeq,
            Set<String> knownPins,
            List<String> servedPins) {
        this.hostname = hostname;
        this.port = port;
        this.notedHost = notedHost;
        this.mode = mode;
        this.bundleSeq = bundleSeq;
        this.knownPins = knownPins;
        this.servedPins = servedPins;
    }

    public String hostname() {
        return hostname;
    }

    public int port() {
        return port;
    }

    public String notedHost() {
        return notedHost;
    }

    public PinMode mode() {
        return mode;
    }

    public long bundleSeq() {
        return bundleSeq;
    }

    public Set<String> knownPins() {
        return knownPins;
    }

    public List<String> servedPins() {
        return servedPins;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PinFailure that
                && Objects.equals(hostname, that.hostname)
                && port == that.port
                && Objects.equals(notedHost, that.notedHost)
                && Objects.equals(mode, that.mode)
                && bundleSeq == that.bundleSeq
                && Objects.equals(knownPins, that.knownPins)
                && Objects.equals(servedPins, that.servedPins);
    }

    @Override
    public int hashCode() {
        return Objects.hash(hostname, port, notedHost, mode, bundleSeq, knownPins, servedPins);
    }

    @Override
    public String toString() {
        return "PinFailure[hostname=" + hostname + ", port=" + port + ", notedHost=" + notedHost + ", mode=" + mode
                + ", bundleSeq=" + bundleSeq + ", knownPins=" + knownPins + ", servedPins=" + servedPins + "]";
    }
}
