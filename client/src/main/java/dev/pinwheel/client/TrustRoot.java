package dev.pinwheel.client;

import com.nimbusds.jose.jwk.ECKey;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A verified root of trust: the root public keys and how many of them must sign. Either configured
 * in the app (keys, threshold and version only: {@code document}, {@code issuer} and
 * {@code expiresAt} are null until the client has fetched and verified that version's signed
 * document) or a verified root document.
 */
final class TrustRoot {

    final long version;
    final String issuer;
    final Instant expiresAt;
    final int threshold;
    final Map<String, ECKey> keys;
    final String document;

    TrustRoot(long version, String issuer, Instant expiresAt, int threshold, Map<String, ECKey> keys, String document) {
        this.version = version;
        this.issuer = issuer;
        this.expiresAt = expiresAt;
        this.threshold = threshold;
        this.keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
        this.document = document;
    }

    @Override
    public String toString() {
        return "root version " + version;
    }
}
