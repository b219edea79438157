package dev.pinwheel.signing;

import com.nimbusds.jose.util.Base64URL;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Signs bundle payloads with the active key as a compact JWS whose protected header is exactly
 * {@code {"alg":"ES256","kid":"<kid>","typ":"pinwheel-bundle+jwt"}}. The payload bytes are signed
 * as given, never re-serialised, so the result is exactly what clients receive. It signs only with
 * a key the served key set lists ({@link KeyEndorsement}).
 */
@Component
public class BundleSigner {

    /** The {@code typ} header value of every bundle. */
    public static final String TYPE = "pinwheel-bundle+jwt";

    private final SigningKeys keys;
    private final PublishedJwks jwks;
    private final ObjectProvider<KeyEndorsement> endorsements;

    BundleSigner(SigningKeys keys, PublishedJwks jwks, ObjectProvider<KeyEndorsement> endorsements) {
        this.keys = keys;
        this.jwks = jwks;
        this.endorsements = endorsements;
    }

    /**
     * Signs {@code payload} (UTF-8 JSON) with the active key. The JWKS this instance serves lists
     * that key afterwards (it is reloaded if a rotation elsewhere made the key active).
     *
     * @return the compact JWS and the kid that signed it
     * @throws dev.pinwheel.core.ProblemException {@code key-not-endorsed} when the served key set does
     *                                            not list the active key
     */
    public SignedJws sign(byte[] payload) {
        SigningKeys.ActiveKey key = keys.activeKey();
        endorsements.orderedStream().forEach(e -> e.requireMaySign(key.kid()));
        Es256.Signature s = Es256.sign(key.privateKey(), key.kid(), TYPE, payload);
        jwks.ensureListed(key.kid());
        return new SignedJws(key.kid(), s.protectedHeader() + "." + Base64URL.encode(payload) + "." + s.signature());
    }

    /** The kid of the key that signs now. */
    public String activeKid() {
        return keys.activeKid();
    }

    /** A compact JWS and the id of the key that signed it. */
    public record SignedJws(String kid, String compact) {}
}
