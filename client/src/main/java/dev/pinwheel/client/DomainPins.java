package dev.pinwheel.client;

import java.util.Objects;
import java.util.Set;

/**
 * One domain entry of a bundle: the host, whether its subdomains are covered, its mode and the
 * SPKI pins (base64 of the SHA-256 of the DER SubjectPublicKeyInfo, without the {@code sha256/} prefix).
 *
 * @param host              lower-case ASCII host name, never null
 * @param includeSubdomains whether every subdomain of {@code host} is covered as well
 * @param mode              enforce or report, never null
 * @param pinSetVersion     the server's version number of this pin set
 * @param pins              the pins, never empty, canonical base64 (with padding)
 */
public record DomainPins(String host, boolean includeSubdomains, PinMode mode, long pinSetVersion, Set<String> pins) {

    public DomainPins {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(mode, "mode");
        pins = Set.copyOf(pins);
    }

    /** Whether this entry applies to {@code hostname} (already normalised), exactly or as a covered subdomain. */
    boolean covers(String hostname) {
        return hostname.equals(host) || (includeSubdomains && hostname.endsWith("." + host));
    }
}
