package dev.pinwheel.client;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * One domain entry of a bundle: the host, whether its subdomains are covered, its mode and the
 * SPKI pins (base64 of the SHA-256 of the DER SubjectPublicKeyInfo, without the {@code sha256/} prefix).
 *
 * <br>{@code host}: lower-case ASCII host name, never null
 * <br>{@code includeSubdomains}: whether every subdomain of {@code host} is covered as well
 * <br>{@code mode}: enforce or report, never null
 * <br>{@code pinSetVersion}: the server's version number of this pin set
 * <br>{@code pins}: the pins, never empty, canonical base64 (with padding)
 */
public final class DomainPins {

    private final String host;
    private final boolean includeSubdomains;
    private final PinMode mode;
    private final long pinSetVersion;
    private final Set<String> pins;

    public DomainPins(String host, boolean includeSubdomains, PinMode mode, long pinSetVersion, Set<String> pins) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(mode, "mode");
        pins = Collections.unmodifiableSet(new LinkedHashSet<>(pins));

        this.host = host;
        this.includeSubdomains = includeSubdomains;
        this.mode = mode;
        this.pinSetVersion = pinSetVersion;
        this.pins = pins;
    }

    public String host() {
        return host;
    }

    public boolean includeSubdomains() {
        return includeSubdomains;
    }

    public PinMode mode() {
        return mode;
    }

    public long pinSetVersion() {
        return pinSetVersion;
    }

    public Set<String> pins() {
        return pins;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DomainPins that
                && Objects.equals(host, that.host)
                && includeSubdomains == that.includeSubdomains
                && Objects.equals(mode, that.mode)
                && pinSetVersion == that.pinSetVersion
                && Objects.equals(pins, that.pins);
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, includeSubdomains, mode, pinSetVersion, pins);
    }

    @Override
    public String toString() {
        return "DomainPins[host=" + host + ", includeSubdomains=" + includeSubdomains + ", mode=" + mode
                + ", pinSetVersion=" + pinSetVersion + ", pins=" + pins + "]";
    }

    /** Whether this entry applies to {@code hostname} (already normalised), exactly or as a covered subdomain. */
    boolean covers(String hostname) {
        return hostname.equals(host) || (includeSubdomains && hostname.endsWith("." + host));
    }
}
