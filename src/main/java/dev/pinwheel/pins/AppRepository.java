package dev.pinwheel.pins;

import java.util.List;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface AppRepository extends JpaRepository<App, String> {

    Page<App> findAllByOrderByIdAsc(Pageable pageable);

    @Query("select a.id from App a order by a.id")
    List<String> findAllIds();

    /** [id, bundleLifetimeSeconds] of every app with its own bundle lifetime. */
    @Query("select a.id, a.bundleLifetimeSeconds from App a where a.bundleLifetimeSeconds is not null")
    List<Object[]> findBundleLifetimeOverrides();

    @Query("select a.id from App a join a.domains d where d.id = :domainId order by a.id")
    List<String> findIdsCarrying(Long domainId);
}
