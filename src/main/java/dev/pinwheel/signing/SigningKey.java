package dev.pinwheel.signing;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A signing key. Moves only next → active → retired; a retired key loses its (encrypted)
 * private key. The private key is stored only as AES-GCM ciphertext under the master key.
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

    @Version
    @Column(name = "row_version", nullable = false)
    private Long rowVersion;

    protected SigningKey() {
    }

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

    void retire(Instant now) {
        if (state() != SigningKeyState.ACTIVE) {
            throw new IllegalStateException("Only the active key can be retired, " + kid + " is " + state);
        }
        state = SigningKeyState.RETIRED.wireName();
        retiredAt = now;
        privateKeyEnc = null;
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
