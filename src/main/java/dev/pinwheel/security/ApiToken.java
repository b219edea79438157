package dev.pinwheel.security;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * An API token. Only the SHA-256 hash of the secret is kept; the secret itself is shown once
 * when the token is created and never stored, logged or returned again.
 */
@Entity
@Table(name = "api_tokens")
public class ApiToken {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = 100)
    private String name;

    @Column(nullable = false, length = 16)
    private String role;

    @Column(name = "token_hash", nullable = false, length = 64)
    private String tokenHash;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "created_by", nullable = false)
    private String createdBy;

    @Column(name = "expires_at")
    private Instant expiresAt;

    @Column(name = "last_used_at")
    private Instant lastUsedAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    protected ApiToken() {}

    public ApiToken(String name, Role role, String tokenHash, Instant createdAt, String createdBy, Instant expiresAt) {
        this.name = name;
        this.role = role.wireName();
        this.tokenHash = tokenHash;
        this.createdAt = createdAt;
        this.createdBy = createdBy;
        this.expiresAt = expiresAt;
    }

    /** Whether the token may be used at {@code now}: not revoked and not expired. */
    public boolean isUsableAt(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }

    /** Revokes the token; revoking twice keeps the first time. */
    public void revoke(Instant now) {
        if (revokedAt == null) {
            revokedAt = now;
        }
    }

    public Long id() {
        return id;
    }

    public String name() {
        return name;
    }

    public Role role() {
        return Role.fromWireName(role);
    }

    public Instant createdAt() {
        return createdAt;
    }

    public String createdBy() {
        return createdBy;
    }

    /** May be null: the token does not expire. */
    public Instant expiresAt() {
        return expiresAt;
    }

    /** May be null: never used. */
    public Instant lastUsedAt() {
        return lastUsedAt;
    }

    /** May be null: not revoked. */
    public Instant revokedAt() {
        return revokedAt;
    }
}
