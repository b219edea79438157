package dev.pinwheel.console;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;

/**
 * A console session. Only the SHA-256 of the browser's session id is kept. A session is bound to
 * the API token it was opened with and is valid while that token is usable, it was seen within
 * the idle timeout and its absolute expiry has not passed.
 */
@Entity
@Table(name = "console_sessions")
class ConsoleSession {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "id_hash", nullable = false, length = 64, updatable = false)
    private String idHash;

    @Column(name = "token_id", nullable = false, updatable = false)
    private Long tokenId;

    @Column(name = "csrf_token", nullable = false, length = 64, updatable = false)
    private String csrfToken;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "last_seen_at", nullable = false)
    private Instant lastSeenAt;

    @Column(name = "expires_at", nullable = false, updatable = false)
    private Instant expiresAt;

    protected ConsoleSession() {}

    ConsoleSession(String idHash, long tokenId, String csrfToken, Instant now, Instant expiresAt) {
        this.idHash = idHash;
        this.tokenId = tokenId;
        this.csrfToken = csrfToken;
        this.createdAt = now;
        this.lastSeenAt = now;
        this.expiresAt = expiresAt;
    }

    /** Whether the session may be used at {@code now}: before its expiry and seen within {@code idle}. */
    boolean isLiveAt(Instant now, Duration idle) {
        return now.isBefore(expiresAt) && now.isBefore(lastSeenAt.plus(idle));
    }

    Long id() {
        return id;
    }

    long tokenId() {
        return tokenId;
    }

    String csrfToken() {
        return csrfToken;
    }

    Instant lastSeenAt() {
        return lastSeenAt;
    }

    Instant expiresAt() {
        return expiresAt;
    }
}
