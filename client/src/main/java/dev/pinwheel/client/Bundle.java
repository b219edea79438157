package dev.pinwheel.client;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A verified pin bundle: the compact JWS exactly as it was received and the claims read from its
 * signed payload. Instances exist only for bundles whose signature, algorithm, key id, type and
 * audience were checked.
 *
 * @param jws                 the compact JWS, exactly the bytes that were verified
 * @param issuer              {@code iss}, may be null
 * @param audience            the app id the bundle was verified for
 * @param seq                 strictly increasing sequence number per app
 * @param issuedAt            {@code iat}
 * @param expiresAt           {@code exp}
 * @param pollIntervalSeconds how often the server wants to be polled
 * @param maxStaleSeconds     how long past {@code exp} the bundle is still enforced without a newer one
 * @param reportUri           where pin failures are reported, may be null
 * @param domains             the pinned domains, never null
 */
public record Bundle(String jws, String issuer, String audience, long seq, Instant issuedAt, Instant expiresAt,
                     long pollIntervalSeconds, long maxStaleSeconds, String reportUri, List<DomainPins> domains) {

    public Bundle {
        Objects.requireNonNull(jws, "jws");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        domains = List.copyOf(domains);
    }

    /** The instant after which, without a newer good bundle, the client stops enforcing this one (fail-open). */
    public Instant enforcedUntil() {
        return expiresAt.plusSeconds(maxStaleSeconds);
    }

    /**
     * The entry that applies to {@code host}: an exact entry first, otherwise the most specific
     * parent entry with {@code includeSubdomains}.
     */
    public Optional<DomainPins> domainFor(String host) {
        String hostname = Hosts.normalize(host);
        DomainPins best = null;
        for (DomainPins domain : domains) {
            if (domain.host().equals(hostname)) {
                return Optional.of(domain);
            }
            if (domain.covers(hostname) && (best == null || domain.host().length() > best.host().length())) {
                best = domain;
            }
        }
        return Optional.ofNullable(best);
    }

    @Override
    public String toString() {
        return "Bundle[aud=" + audience + ", seq=" + seq + ", iat=" + issuedAt + ", exp=" + expiresAt
                + ", domains=" + domains.size() + "]";
    }
}
