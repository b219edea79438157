package dev.pinwheel.pins;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.List;

/**
 * A pinned host: its normalised name, whether pins cover subdomains, the mode and the number of
 * its current pin set version (0 before the first). The pin set rules are decided here: a new
 * version and a switch to {@code enforce} are refused when they would break them.
 */
@Entity
@Table(name = "domains")
public class Domain {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "host", nullable = false, length = 253, updatable = false)
    private String host;

    @Column(name = "include_subdomains", nullable = false)
    private boolean includeSubdomains;

    @Convert(converter = Converters.DomainModeConverter.class)
    @Column(name = "mode", nullable = false, length = 16)
    private DomainMode mode;

    @Column(name = "current_version", nullable = false)
    private int currentVersion;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    @Column(name = "row_version", nullable = false)
    private Long rowVersion;

    protected Domain() {}

    Domain(HostName host, boolean includeSubdomains, DomainMode mode, Instant now) {
        this.host = host.value();
        this.includeSubdomains = includeSubdomains;
        this.mode = mode;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /**
     * Changes the settings. Switching to {@code enforce} checks the rules against {@code current}
     * (null when there is no pin set version yet: then nothing is checked).
     *
     * @throws PinSetRuleBroken when the current pins do not satisfy the new mode
     */
    void update(boolean includeSubdomains, DomainMode mode, PinSetVersion current, Instant now) {
        if (mode == DomainMode.ENFORCE && this.mode != DomainMode.ENFORCE && current != null) {
            PinSetRules.check(mode, current.pins());
        }
        this.includeSubdomains = includeSubdomains;
        this.mode = mode;
        this.updatedAt = now;
    }

    /**
     * Makes the next pin set version.
     *
     * @param expectedVersion the version the caller saw (its {@code If-Match}); 0 before the first
     * @throws StalePinSetVersion when {@code expectedVersion} is not the current version
     * @throws PinSetRuleBroken when the pins break a rule
     */
    PinSetVersion newPinSetVersion(int expectedVersion, List<Pin> pins, String author, Instant now, String comment) {
        if (expectedVersion != currentVersion) {
            throw new StalePinSetVersion(host(), expectedVersion, currentVersion);
        }
        PinSetRules.check(mode, pins);
        currentVersion++;
        updatedAt = now;
        return new PinSetVersion(id, currentVersion, pins, author, now, comment);
    }

    /**
     * Makes the next pin set version by a typed edit of {@code current}.
     *
     * @param current the current version; null before the first (then the edit starts from no pins)
     * @throws StalePinSetVersion when {@code expectedVersion} is not the current version
     * @throws PinSetRuleBroken when the result breaks a rule
     */
    PinSetVersion edit(
            int expectedVersion, PinSetVersion current, PinSetEdit edit, String author, Instant now, String comment) {
        return newPinSetVersion(
                expectedVersion, edit.apply(current == null ? List.of() : current.pins()), author, now, comment);
    }

    public Long id() {
        return id;
    }

    public HostName host() {
        return new HostName(host);
    }

    public boolean includeSubdomains() {
        return includeSubdomains;
    }

    public DomainMode mode() {
        return mode;
    }

    /** 0 before the first pin set version. */
    public int currentVersion() {
        return currentVersion;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
