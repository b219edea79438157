package dev.pinwheel.signing;

import java.nio.charset.StandardCharsets;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.util.Base64URL;
import org.springframework.stereotype.Component;

/**
 * Signs bundle payloads with the active key as a compact JWS whose protected header is exactly
 * {@code {"alg":"ES256","kid":"<kid>","typ":"pinwheel-bundle+jwt"}}. The payload bytes are signed
 * as given, never re-serialised, so the result is exactly what clients receive.
 */
@Component
public class BundleSigner {

    /** The {@code typ} header value of every bundle. */
    public static final String TYPE = "pinwheel-bundle+jwt";

    private final SigningKeys keys;
    private final PublishedJwks jwks;

    BundleSigner(SigningKeys keys, PublishedJwks jwks) {
        this.keys = keys;
        this.jwks = jwks;
    }

    /**
     * Signs {@code payload} (UTF-8 JSON) with the active key. The JWKS this instance serves lists
     * that key afterwards (it is reloaded if a rotation elsewhere made the key active).
     *
     * @return the compact JWS and the kid that signed it
     */
    public SignedJws sign(byte[] payload) {
        SigningKeys.ActiveKey key = keys.activeKey();
        String header = "{\"alg\":\"ES256\",\"kid\":\"" + key.kid() + "\",\"typ\":\"" + TYPE + "\"}";
        String signingInput = Base64URL.encode(header.getBytes(StandardCharsets.UTF_8)) + "."
                + Base64URL.encode(payload);
        try {
            JWSHeader parsed = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.kid())
                    .type(new JOSEObjectType(TYPE)).build();
            Base64URL signature = new ECDSASigner(key.privateKey())
                    .sign(parsed, signingInput.getBytes(StandardCharsets.US_ASCII));
            jwks.ensureListed(key.kid());
            return new SignedJws(key.kid(), signingInput + "." + signature);
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign with key " + key.kid(), e);
        }
    }

    /** A compact JWS and the id of the key that signed it. */
    public record SignedJws(String kid, String compact) {
    }
}
