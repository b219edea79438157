package dev.pinwheel.pins;

import java.util.Optional;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface PinSetVersionRepository extends JpaRepository<PinSetVersion, Long> {

    Optional<PinSetVersion> findByDomainIdAndVersion(Long domainId, int version);

    Page<PinSetVersion> findByDomainIdOrderByVersionDesc(Long domainId, Pageable pageable);
}
