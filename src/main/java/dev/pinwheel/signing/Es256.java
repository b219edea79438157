package dev.pinwheel.signing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.ECPrivateKey;

/**
 * Makes one ES256 signature over fixed protected-header bytes
 * {@code {"alg":"ES256","kid":"<kid>","typ":"<typ>"}} and the payload bytes as given (never
 * re-serialised). Used for bundles (compact JWS) and for online root signatures (JWS JSON).
 *
 * <p><b>Warning:</b> holds a private key only for the duration of the call.
 */
final class Es256 {

    private Es256() {}

    /**
     * @return the base64url protected header and the base64url signature
     */
    static Signature sign(ECPrivateKey key, String kid, String typ, byte[] payload) {
        String header = "{\"alg\":\"ES256\",\"kid\":\"" + kid + "\",\"typ\":\"" + typ + "\"}";
        String protectedHeader =
                Base64URL.encode(header.getBytes(StandardCharsets.UTF_8)).toString();
        String signingInput = protectedHeader + "." + Base64URL.encode(payload);
        try {
            JWSHeader parsed = new JWSHeader.Builder(JWSAlgorithm.ES256)
                    .keyID(kid)
                    .type(new JOSEObjectType(typ))
                    .build();
            Base64URL signature = new ECDSASigner(key).sign(parsed, signingInput.getBytes(StandardCharsets.US_ASCII));
            return new Signature(protectedHeader, signature.toString());
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign with key " + kid, e);
        }
    }

    /** One signature: base64url protected header and base64url signature value. */
    record Signature(String protectedHeader, String signature) {}
}
