package dev.pinwheel.pins.certificates;

import java.time.Instant;
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

    @Query(value = "select host from domains where id = :domainId", nativeQuery = true)
    String findHost(Long domainId);
}
