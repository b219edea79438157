package dev.pinwheel.client;

import com.nimbusds.jose.jwk.ECKey;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A verified key set: the bundle-signing public keys the root endorses, by kid. {@code document}
 * is null only for the deprecated directly trusted JWKS (tooling), which never changes.
 */
final class KeySet {

    final String issuer;
    final long version;
    final long rootVersion;
    final Instant issuedAt;
    final Instant expiresAt;
    final Map<String, ECKey> keys;
    final String document;
    final String payload;

    KeySet(
            String issuer,
            long version,
            long rootVersion,
            Instant issuedAt,
            Instant expiresAt,
            Map<String, ECKey> keys,
            String document,
            String payload) {
        this.issuer = issuer;
        this.version = version;
        this.rootVersion = rootVersion;
        this.issuedAt = issuedAt;
        this.expiresAt = expiresAt;
        this.keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
        this.document = document;
        this.payload = payload;
    }

    /** Keys trusted directly from a JWKS, with no root behind them (deprecated tooling path). */
    static KeySet direct(Map<String, ECKey> keys) {
        return new KeySet(null, 0, 0, Instant.EPOCH, null, keys, null, null);
    }

    boolean lists(String kid) {
        return kid != null && keys.containsKey(kid);
    }

    boolean expired(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return document == null ? "directly trusted keys" : "key set version " + version;
    }
}
