package dev.pinwheel.signing;

import java.time.Instant;
import java.util.Map;

/**
 * What may be shown about a signing key: never private material.
 *
 * @param activatedAt null while the key is {@code next}
 * @param retiredAt   null unless the key is {@code retired}
 * @param publicJwk   the public JWK (kty, crv, x, y, kid, use, alg)
 */
public record SigningKeyView(String kid, SigningKeyState state, Instant createdAt, Instant activatedAt,
        Instant retiredAt, Map<String, Object> publicJwk) {
}
