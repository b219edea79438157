package dev.pinwheel.pins;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface PinSetVersionRepository extends JpaRepository<PinSetVersion, Long> {

    Optional<PinSetVersion> findByDomainIdAndVersion(Long domainId, int version);

    /** The current pin set versions (with their pins) of the given domains, in one query. */
    @Query("select v from PinSetVersion v left join fetch v.pins where v.domainId in :domainIds"
            + " and v.version = (select d.currentVersion from Domain d where d.id = v.domainId)")
    List<PinSetVersion> findCurrentOf(@Param("domainIds") Collection<Long> domainIds);

    Page<PinSetVersion> findByDomainIdOrderByVersionDesc(Long domainId, Pageable pageable);
}
