package dev.pinwheel.pins.discovery;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A domain's own live-check setting, overriding {@code pinwheel.discovery.live-check}. */
@Entity
@Table(name = "domain_live_checks")
class DomainLiveCheck {

    @Id
    @Column(name = "domain_id")
    private Long domainId;

    @Column(name = "enabled", nullable = false)
    private boolean enabled;

    @Column(name = "port", nullable = false)
    private int port;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "updated_by", nullable = false, length = 200)
    private String updatedBy;

    protected DomainLiveCheck() {}

    DomainLiveCheck(Long domainId) {
        this.domainId = domainId;
    }

    void set(boolean enabled, int port, Instant now, String actor) {
        this.enabled = enabled;
        this.port = port;
        this.updatedAt = now;
        this.updatedBy = actor;
    }

    boolean enabled() {
        return enabled;
    }

    int port() {
        return port;
    }
}
