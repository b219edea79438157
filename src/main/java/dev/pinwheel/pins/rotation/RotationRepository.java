package dev.pinwheel.pins.rotation;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface RotationRepository extends JpaRepository<Rotation, Long> {

    List<Rotation> findByDomainIdOrderByIdDesc(Long domainId);

    Optional<Rotation> findByOpenDomainId(Long domainId);

    Optional<Rotation> findByIdAndDomainId(Long id, Long domainId);
}
