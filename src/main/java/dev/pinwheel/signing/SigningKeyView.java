package dev.pinwheel.signing;

import java.time.Instant;
import java.util.Map;

/**
 * What may be shown about a signing key: never private material.
 *
 * @param activatedAt null while the key is {@code next}
 * @param retiredAt   null unless the key is {@code retired}
 * @param publicJwk   the public JWK (kty, crv, x, y, kid, use, alg)
 * @param publicJwkJson the public JWK exactly as stored (so that every replica renders the same bytes)
 * @param rollbackUntil for a retired key whose private key is still kept: until when a rollback can
 *                      make it active again; null otherwise
 */
public record SigningKeyView(
        String kid,
        SigningKeyState state,
        Instant createdAt,
        Instant activatedAt,
        Instant retiredAt,
        Map<String, Object> publicJwk,
        String publicJwkJson,
        Instant rollbackUntil) {}
