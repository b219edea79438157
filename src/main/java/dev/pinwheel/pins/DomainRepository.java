package dev.pinwheel.pins;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface DomainRepository extends JpaRepository<Domain, Long> {

    Optional<Domain> findByHost(String host);

    /** Locks the row until the transaction ends, so that changes of one domain are serialised. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select d from Domain d where d.host = :host")
    Optional<Domain> findByHostForUpdate(String host);

    Page<Domain> findAllByOrderByHostAsc(Pageable pageable);

    @Query(
            value = "select d from App a join a.domains d where a.id = :appId order by d.host",
            countQuery = "select count(d) from App a join a.domains d where a.id = :appId")
    Page<Domain> findCarriedBy(String appId, Pageable pageable);
}
