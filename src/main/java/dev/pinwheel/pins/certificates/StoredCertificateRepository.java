package dev.pinwheel.pins.certificates;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface StoredCertificateRepository extends JpaRepository<StoredCertificate, Long> {

    Optional<StoredCertificate> findByDomainIdAndSha256Fingerprint(Long domainId, String sha256Fingerprint);

    List<StoredCertificate> findByDomainIdOrderByUploadedAtDescPositionAsc(Long domainId);

    List<StoredCertificate> findByDomainIdAndSpkiPin(Long domainId, String spkiPin);

    @Query("select c from StoredCertificate c where c.notAfter < :before order by c.notAfter asc, c.id asc")
    List<StoredCertificate> findExpiringBefore(Instant before);

    @Query("select c from StoredCertificate c order by c.notAfter asc, c.id asc")
    List<StoredCertificate> findAllByExpiry();

    /** {@code [domain id, host]} of the given hosts that are known domains. */
    @Query(value = "select id, host from domains where host in (:hosts)", nativeQuery = true)
    List<Object[]> findDomainIds(Collection<String> hosts);

    /** {@code [domain id, spki pin, latest notAfter]} of the certificates of the given domains. */
    @Query("select c.domainId, c.spkiPin, max(c.notAfter) from StoredCertificate c where c.domainId in :domainIds"
            + " group by c.domainId, c.spkiPin")
    List<Object[]> findLatestExpiries(Collection<Long> domainIds);

    @Query(value = "select host from domains where id = :domainId", nativeQuery = true)
    String findHost(Long domainId);
}
