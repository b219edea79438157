package dev.pinwheel.pins.discovery;

import java.util.Collection;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface DomainLiveCheckRepository extends JpaRepository<DomainLiveCheck, Long> {

    /**
     * {@code [host, enabled, port]} of the given known hosts; enabled and port are null when the
     * domain has no own setting.
     */
    @Query(
            value =
                    "select d.host, l.enabled, l.port from domains d left join domain_live_checks l on l.domain_id = d.id"
                            + " where d.host in (:hosts)",
            nativeQuery = true)
    List<Object[]> findSettingsOf(Collection<String> hosts);

    /** {@code [host, enabled, port]} of every domain, by host; enabled and port are null without an own setting. */
    @Query(
            value = "select d.host, l.enabled, l.port from domains d left join domain_live_checks l"
                    + " on l.domain_id = d.id order by d.host",
            nativeQuery = true)
    List<Object[]> findAllSettings();
}
