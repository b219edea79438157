package dev.pinwheel.client;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A verified pin bundle: the compact JWS exactly as it was received and the claims read from its
 * signed payload. Instances exist only for bundles whose signature, algorithm, key id, type and
 * audience were checked.
 *
 * <br>{@code jws}: the compact JWS, exactly the bytes that were verified
 * <br>{@code issuer}: {@code iss}, may be null
 * <br>{@code audience}: the app id the bundle was verified for
 * <br>{@code seq}: strictly increasing sequence number per app
 * <br>{@code issuedAt}: {@code iat}
 * <br>{@code expiresAt}: {@code exp}
 * <br>{@code pollIntervalSeconds}: how often the server wants to be polled
 * <br>{@code maxStaleSeconds}: how long past {@code exp} the bundle is still enforced without a newer one
 * <br>{@code reportUri}: where pin failures are reported, may be null
 * <br>{@code domains}: the pinned domains, never null
 */
public final class Bundle {

    private final String jws;
    private final String issuer;
    private final String audience;
    private final long seq;
    private final Instant issuedAt;
    private final Instant expiresAt;
    private final long pollIntervalSeconds;
    private final long maxStaleSeconds;
    private final String reportUri;
    private final List<DomainPins> domains;

    public Bundle(
            String jws,
            String issuer,
            String audience,
            long seq,
            Instant issuedAt,
            Instant expiresAt,
            long pollIntervalSeconds,
            long maxStaleSeconds,
            String reportUri,
            List<DomainPins> domains) {
        Objects.requireNonNull(jws, "jws");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        domains = Collections.unmodifiableList(new ArrayList<>(domains));

        this.jws = jws;
        this.issuer = issuer;
        this.audience = audience;
        this.seq = seq;
        this.issuedAt = issuedAt;
        this.expiresAt = expiresAt;
        this.pollIntervalSeconds = pollIntervalSeconds;
        this.maxStaleSeconds = maxStaleSeconds;
        this.reportUri = reportUri;
        this.domains = domains;
    }

    public String jws() {
        return jws;
    }

    public String issuer() {
        return issuer;
    }

    public String audience() {
        return audience;
    }

    public long seq() {
        return seq;
    }

    public Instant issuedAt() {
        return issuedAt;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public long pollIntervalSeconds() {
        return pollIntervalSeconds;
    }

    public long maxStaleSeconds() {
        return maxStaleSeconds;
    }

    public String reportUri() {
        return reportUri;
    }

    public List<DomainPins> domains() {
        return domains;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Bundle that
                && Objects.equals(jws, that.jws)
                && Objects.equals(issuer, that.issuer)
                && Objects.equals(audience, that.audience)
                && seq == that.seq
                && Objects.equals(issuedAt, that.issuedAt)
                && Objects.equals(expiresAt, that.expiresAt)
                && pollIntervalSeconds == that.pollIntervalSeconds
                && maxStaleSeconds == that.maxStaleSeconds
                && Objects.equals(reportUri, that.reportUri)
                && Objects.equals(domains, that.domains);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                jws,
                issuer,
                audience,
                seq,
                issuedAt,
                expiresAt,
                pollIntervalSeconds,
                maxStaleSeconds,
                reportUri,
                domains);
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
            if (domain.covers(hostname)
                    && (best == null || domain.host().length() > best.host().length())) {
                best = domain;
            }
        }
        return Optional.ofNullable(best);
    }

    @Override
    public String toString() {
        return "Bundle[aud=" + audience + ", seq=" + seq + ", iat=" + issuedAt + ", exp=" + expiresAt + ", domains="
                + domains.size() + "]";
    }
}
