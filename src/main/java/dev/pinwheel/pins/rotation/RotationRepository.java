package dev.pinwheel.pins.rotation;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface RotationRepository extends JpaRepository<Rotation, Long> {

    List<Rotation> findByDomainIdOrderByIdDesc(Long domainId);

    Optional<Rotation> findByOpenDomainId(Long domainId);

    Optional<Rotation> findByIdAndDomainId(Long id, Long domainId);

    /** {@code [id, host]} of every open rotation and every rotation whose autopilot still has work. */
    @Query(
            value = "select r.id, d.host from rotations r join domains d on d.id = r.domain_id"
                    + " where r.open_domain_id is not null or r.autopilot_active order by r.id",
            nativeQuery = true)
    List<Object[]> findOpenOrAutopilotActive();
}
