package dev.pinwheel.pins;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The immutable list of pins of one domain at one point in time, numbered 1, 2, 3… per domain.
 * Made only by {@link Domain#newPinSetVersion}; never changed afterwards.
 */
@Entity
@Table(name = "pin_set_versions")
public class PinSetVersion {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "domain_id", nullable = false, updatable = false)
    private Long domainId;

    @Column(name = "version", nullable = false, updatable = false)
    private int version;

    @Column(name = "author", nullable = false, updatable = false, length = 200)
    private String author;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "comment", length = 1000, updatable = false)
    private String comment;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "pins", joinColumns = @JoinColumn(name = "pin_set_version_id"))
    @OrderColumn(name = "position")
    private List<Pin> pins = new ArrayList<>();

    protected PinSetVersion() {}

    PinSetVersion(Long domainId, int version, List<Pin> pins, String author, Instant createdAt, String comment) {
        this.domainId = domainId;
        this.version = version;
        this.pins = new ArrayList<>(pins);
        this.author = author;
        this.createdAt = createdAt;
        this.comment = comment;
    }

    public Long domainId() {
        return domainId;
    }

    /** 1, 2, 3… per domain. */
    public int version() {
        return version;
    }

    public String author() {
        return author;
    }

    public Instant createdAt() {
        return createdAt;
    }

    /** May be null. */
    public String comment() {
        return comment;
    }

    /** The pins in the order given. */
    public List<Pin> pins() {
        return Collections.unmodifiableList(pins);
    }
}
