package dev.pinwheel.pins.certificates;

import dev.pinwheel.core.Actors;
import dev.pinwheel.core.ProblemException;
import dev.pinwheel.pins.Domain;
import dev.pinwheel.pins.HostName;
import dev.pinwheel.pins.PinHash;
import dev.pinwheel.pins.PinManagement;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores the certificates of a domain: a PEM chain, leaf first, whose leaf covers the host and
 * has not expired. Every refusal (422) happens before anything is stored.
 */
@Service
@Transactional
public class CertificateManagement {

    private final StoredCertificateRepository certificates;
    private final PinManagement pins;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    CertificateManagement(
            StoredCertificateRepository certificates,
            PinManagement pins,
            ApplicationEventPublisher events,
            Clock clock) {
        this.certificates = certificates;
        this.pins = pins;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Checks a PEM chain for the host without storing it: parses it, checks the order, that the
     * leaf covers the host and has not expired.
     *
     * @return the parsed chain, leaf first
     * @throws ProblemException 422 saying what is wrong
     */
    @Transactional(readOnly = true)
    public List<X509Certificate> checkChain(HostName host, String pem, String field) {
        List<X509Certificate> chain = Certificates.parseChain(pem, field);
        Certificates.checkCovers(chain.get(0), host.value());
        Certificates.checkNotExpired(chain.get(0), clock.instant());
        return chain;
    }

    /**
     * Stores every certificate of the chain (a certificate already known for the domain is kept
     * as it is) and returns the chain's certificates in order.
     *
     * @throws ProblemException 404 unknown domain, 400 bad host, 422 bad chain
     */
    public List<KnownCertificate> upload(HostName host, String pem) {
        Domain domain = pins.domain(host);
        String h = domain.host().value();
        List<X509Certificate> chain = checkChain(domain.host(), pem, "pem");
        Instant now = clock.instant();
        String actor = Actors.current();
        List<KnownCertificate> out = new ArrayList<>();
        List<String> added = new ArrayList<>();
        for (int i = 0; i < chain.size(); i++) {
            CertificateInfo info = Certificates.inspect(chain.get(i));
            Optional<StoredCertificate> existing =
                    certificates.findByDomainIdAndSha256Fingerprint(domain.id(), info.sha256Fingerprint());
            StoredCertificate stored = existing.orElseGet(
                    () -> certificates.save(new StoredCertificate(domain.id(), out.size(), info, now, actor)));
            if (existing.isEmpty()) {
                added.add(info.sha256Fingerprint());
            }
            out.add(stored.view(h));
        }
        CertificateInfo leaf = out.get(0).certificate();
        events.publishEvent(new CertificatesAdded(
                h, leaf.subject(), leaf.spkiPin().value(), leaf.notAfter().toString(), added));
        return out;
    }

    /** The domain's certificates, newest upload first (404 unknown domain). */
    @Transactional(readOnly = true)
    public List<KnownCertificate> forDomain(HostName host) {
        Domain domain = pins.domain(host);
        return certificates.findByDomainIdOrderByUploadedAtDescPositionAsc(domain.id()).stream()
                .map(c -> c.view(domain.host().value()))
                .toList();
    }

    /**
     * Certificates of every domain ordered by expiry, soonest first.
     *
     * @param within only those that expire before now + within; null for all
     */
    @Transactional(readOnly = true)
    public List<KnownCertificate> expiring(Duration within) {
        List<StoredCertificate> found = within == null
                ? certificates.findAllByExpiry()
                : certificates.findExpiringBefore(clock.instant().plus(within));
        java.util.Map<Long, String> hosts = new java.util.HashMap<>();
        return found.stream()
                .map(c -> c.view(hosts.computeIfAbsent(c.domainId(), this::hostOf)))
                .toList();
    }

    /**
     * The latest expiry among the known certificates of the host whose key has the pin, or empty
     * when no certificate with that key is known (or the domain is unknown).
     *
     */
    @Transactional(readOnly = true)
    public Optional<Instant> latestExpiry(HostName host, PinHash pin) {
        Domain domain;
        try {
            domain = pins.domain(host);
        } catch (ProblemException e) {
            return Optional.empty();
        }
        return certificates.findByDomainIdAndSpkiPin(domain.id(), pin.base64()).stream()
                .map(c -> c.view(host.value()).certificate().notAfter())
                .max(Instant::compareTo);
    }

    /**
     * {@link #latestExpiry} of every known certificate key of many domains at once (two queries,
     * whatever the number of domains): host → (pin → latest notAfter). Unknown hosts and
     * keys without a certificate are absent.
     */
    @Transactional(readOnly = true)
    public Map<String, Map<PinHash, Instant>> latestExpiries(Collection<String> hosts) {
        Map<Long, String> hostById = new HashMap<>();
        if (hosts.isEmpty()) {
            return Map.of();
        }
        for (Object[] row : certificates.findDomainIds(hosts)) {
            hostById.put(((Number) row[0]).longValue(), (String) row[1]);
        }
        Map<String, Map<PinHash, Instant>> out = new HashMap<>();
        if (hostById.isEmpty()) {
            return out;
        }
        for (Object[] row : certificates.findLatestExpiries(hostById.keySet())) {
            out.computeIfAbsent(hostById.get(((Number) row[0]).longValue()), h -> new HashMap<>())
                    .put(new PinHash((String) row[1]), (Instant) row[2]);
        }
        return out;
    }

    private String hostOf(Long domainId) {
        return certificates.findHost(domainId);
    }
}
