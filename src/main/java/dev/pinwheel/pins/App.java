package dev.pinwheel.pins;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An audience of bundles: its id (the bundles' {@code aud}), a display name, optional overrides
 * of the poll interval and bundle lifetime (null: use the service default), the adoption a
 * rotation's promote waits for ({@link #promoteAdoptionPercent()}) and the domains its bundle carries.
 */
@Entity
@Table(name = "apps")
public class App {

    /** The default of {@link #promoteAdoptionPercent()}. */
    public static final int DEFAULT_PROMOTE_ADOPTION_PERCENT = 95;

    @Id
    @Column(name = "id", length = 63)
    private String id;

    @Column(name = "display_name", nullable = false, length = 200)
    private String displayName;

    @Column(name = "poll_interval_seconds")
    private Long pollIntervalSeconds;

    @Column(name = "bundle_lifetime_seconds")
    private Long bundleLifetimeSeconds;

    @Column(name = "promote_adoption_percent", nullable = false)
    private int promoteAdoptionPercent = DEFAULT_PROMOTE_ADOPTION_PERCENT;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    @Column(name = "row_version", nullable = false)
    private Long rowVersion;

    @ManyToMany(fetch = jakarta.persistence.FetchType.EAGER)
    @JoinTable(
            name = "app_domains",
            joinColumns = @JoinColumn(name = "app_id"),
            inverseJoinColumns = @JoinColumn(name = "domain_id"))
    private Set<Domain> domains = new LinkedHashSet<>();

    protected App() {}

    App(AppId id, String displayName, Duration pollInterval, Duration bundleLifetime, Instant now) {
        this.id = id.value();
        this.createdAt = now;
        update(displayName, pollInterval, bundleLifetime, now);
    }

    void update(String displayName, Duration pollInterval, Duration bundleLifetime, Instant now) {
        if (displayName == null || displayName.isBlank()) {
            throw new IllegalArgumentException("displayName must not be blank");
        }
        this.displayName = displayName;
        this.pollIntervalSeconds = pollInterval == null ? null : pollInterval.toSeconds();
        this.bundleLifetimeSeconds = bundleLifetime == null ? null : bundleLifetime.toSeconds();
        this.updatedAt = now;
    }

    /** Sets the share of polls (percent, 0-100) a promote waits for; 0 leaves only the time rule. */
    void promoteAdoptionPercent(int percent, Instant now) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("promoteAdoptionPercent must be between 0 and 100");
        }
        this.promoteAdoptionPercent = percent;
        this.updatedAt = now;
    }

    void carry(Collection<Domain> newDomains, Instant now) {
        domains.clear();
        domains.addAll(newDomains);
        updatedAt = now;
    }

    public AppId id() {
        return new AppId(id);
    }

    public String displayName() {
        return displayName;
    }

    /** May be null: use the default. */
    public Duration pollInterval() {
        return pollIntervalSeconds == null ? null : Duration.ofSeconds(pollIntervalSeconds);
    }

    /** May be null: use the default. */
    public Duration bundleLifetime() {
        return bundleLifetimeSeconds == null ? null : Duration.ofSeconds(bundleLifetimeSeconds);
    }

    /**
     * The share of the app's recent polls (percent, 0-100) that must come from clients whose
     * bundle pins a rotation's new key before the rotation may be promoted; 0: time rule only.
     */
    public int promoteAdoptionPercent() {
        return promoteAdoptionPercent;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    /** The carried domains ordered by host. */
    public List<Domain> domains() {
        return domains.stream()
                .sorted(Comparator.comparing(d -> d.host().value()))
                .toList();
    }

    /** The carried hosts, sorted. */
    public List<String> hosts() {
        return domains.stream().map(d -> d.host().value()).sorted().toList();
    }
}
