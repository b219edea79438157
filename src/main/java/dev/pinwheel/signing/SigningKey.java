package dev.pinwheel.signing;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/**
 * A signing key. Moves next → active → retired; a retired key keeps its (encrypted) private key
 * until {@code privateKeyPurgeAfter} so that a mistaken rotation can be rolled back (retired →
 * active, active → next, the unused next → retired at once), then loses it for good. The private key
 * is stored only as AES-GCM ciphertext under the master key.
 */
@Entity
@Table(name = "signing_keys")
class SigningKey {

    @Id
    @Column(length = 64)
    private String kid;

    @Column(nullable = false, length = 16)
    private String state;

    @Column(name = "public_jwk", nullable = false, length = 2000)
    private String publicJwk;

    @Column(name = "private_key_enc", length = 2000)
    private String privateKeyEnc;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "activated_at")
    private Instant activatedAt;

    @Column(name = "retired_at")
    private Instant retiredAt;

    @Column(name = "private_key_purge_after")
    private Instant privateKeyPurgeAfter;

    @Version
    @Column(name = "row_version", nullable = false)
    private Long rowVersion;

    protected SigningKey() {}

    SigningKey(String kid, String publicJwk, String privateKeyEnc, Instant now) {
        this.kid = kid;
        this.state = SigningKeyState.NEXT.wireName();
        this.publicJwk = publicJwk;
        this.privateKeyEnc = privateKeyEnc;
        this.createdAt = now;
    }

    void activate(Instant now) {
        if (state() != SigningKeyState.NEXT) {
            throw new IllegalStateException("Only a next key can become active, " + kid + " is " + state);
        }
        state = SigningKeyState.ACTIVE.wireName();
        activatedAt = now;
    }

    /** active → retired; the private key is kept until {@code now + grace}. */
    void retire(Instant now, java.time.Duration grace) {
        if (state() != SigningKeyState.ACTIVE) {
            throw new IllegalStateException("Only the active key can be retired, " + kid + " is " + state);
        }
        state = SigningKeyState.RETIRED.wireName();
        retiredAt = now;
        privateKeyPurgeAfter = now.plus(grace);
    }

    /** Whether this retired key can still become active again (its private key is kept). */
    boolean reinstatable(Instant now) {
        return state() == SigningKeyState.RETIRED
                && privateKeyEnc != null
                && privateKeyPurgeAfter != null
                && now.isBefore(privateKeyPurgeAfter);
    }

    /** retired → active (rollback of a rotation), only within the grace period. */
    void reinstate(Instant now) {
        if (!reinstatable(now)) {
            throw new IllegalStateException("Signing key " + kid + " cannot be reinstated");
        }
        state = SigningKeyState.ACTIVE.wireName();
        activatedAt = now;
        retiredAt = null;
        privateKeyPurgeAfter = null;
    }

    /** active → next (rollback of a rotation: the key that replaced the reinstated one waits again). */
    void demote() {
        if (state() != SigningKeyState.ACTIVE) {
            throw new IllegalStateException("Only the active key can be demoted, " + kid + " is " + state);
        }
        state = SigningKeyState.NEXT.wireName();
        activatedAt = null;
    }

    /** next → retired with its private key dropped at once (a next key made redundant by a rollback). */
    void discard(Instant now) {
        if (state() != SigningKeyState.NEXT) {
            throw new IllegalStateException("Only a next key can be discarded, " + kid + " is " + state);
        }
        state = SigningKeyState.RETIRED.wireName();
        retiredAt = now;
        privateKeyEnc = null;
        privateKeyPurgeAfter = null;
    }

    /** Drops the private key of a retired key whose grace period is over; returns whether it did. */
    boolean purgeIfDue(Instant now) {
        if (state() == SigningKeyState.RETIRED
                && privateKeyEnc != null
                && (privateKeyPurgeAfter == null || !now.isBefore(privateKeyPurgeAfter))) {
            privateKeyEnc = null;
            privateKeyPurgeAfter = null;
            return true;
        }
        return false;
    }

    /** Until when a retired key can be reinstated; null when it cannot (any more) or is not retired. */
    Instant rollbackUntil(Instant now) {
        return reinstatable(now) ? privateKeyPurgeAfter : null;
    }

    String kid() {
        return kid;
    }

    SigningKeyState state() {
        return SigningKeyState.of(state);
    }

    String publicJwk() {
        return publicJwk;
    }

    String privateKeyEnc() {
        return privateKeyEnc;
    }

    Instant createdAt() {
        return createdAt;
    }

    Instant activatedAt() {
        return activatedAt;
    }

    Instant retiredAt() {
        return retiredAt;
    }
}
