package dev.pinwheel.pins.discovery;

import org.springframework.data.jpa.repository.JpaRepository;

interface DomainLiveCheckRepository extends JpaRepository<DomainLiveCheck, Long> {
}
