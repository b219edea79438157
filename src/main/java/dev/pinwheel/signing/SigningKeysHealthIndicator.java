package dev.pinwheel.signing;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health {@code signingKeys}: UP when the active key can be decrypted with the master key, signs a
 * probe, and the signature verifies against the published public key of that kid (what clients
 * check). DOWN otherwise, with the kind of failure only.
 *
 * <p><b>Warning:</b> details never carry key material or exception messages.
 */
@Component
class SigningKeysHealthIndicator implements HealthIndicator {

    private static final byte[] PROBE = "{\"probe\":\"pinwheel-health\"}".getBytes(StandardCharsets.UTF_8);

    private final BundleSigner signer;
    private final SigningKeys keys;

    SigningKeysHealthIndicator(BundleSigner signer, SigningKeys keys) {
        this.signer = signer;
        this.keys = keys;
    }

    @Override
    public Health health() {
        try {
            BundleSigner.SignedJws signed = signer.sign(PROBE);
            Map<String, Object> jwk = keys.publishedJwks().stream()
                    .filter(k -> signed.kid().equals(k.get("kid"))).findFirst().orElse(null);
            if (jwk == null) {
                return Health.down().withDetail("activeKid", signed.kid())
                        .withDetail("error", "the active key is not among the published keys").build();
            }
            boolean valid = JWSObject.parse(signed.compact()).verify(new ECDSAVerifier(ECKey.parse(jwk)));
            return (valid ? Health.up() : Health.down().withDetail("error", "probe signature does not verify"))
                    .withDetail("activeKid", signed.kid()).build();
        } catch (Exception e) {
            return Health.down().withDetail("error", e.getClass().getSimpleName()).build();
        }
    }
}
