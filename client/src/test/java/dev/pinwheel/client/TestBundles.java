package dev.pinwheel.client;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Makes signed bundles for tests with Nimbus and a test EC key, as the service would. */
final class TestBundles {

    static final String APP = "banking";
    static final ECKey KEY = TestTrust.key();
    static final ECKey OTHER_KEY = generate("other-key");

    /** The signing key as a bare JWKS (only for the deprecated direct-keys tooling path, BundleCheck). */
    static String jwks() {
        return new JWKSet(KEY.toPublicJWK()).toString();
    }

    static ECKey generate(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Builder bundle(long seq, Instant iat) {
        return new Builder(seq, iat);
    }

    static final class Builder {
        private final Map<String, Object> claims = new LinkedHashMap<>();
        private final List<Object> domains = new ArrayList<>();
        private ECKey key = KEY;
        private String kid = KEY.getKeyID();

        Builder(long seq, Instant iat) {
            claims.put("iss", "https://pins.example.test");
            claims.put("aud", APP);
            claims.put("seq", seq);
            claims.put("iat", iat.getEpochSecond());
            claims.put("exp", iat.plusSeconds(14 * 86400).getEpochSecond());
            claims.put("pollIntervalSeconds", 3600);
            claims.put("maxStaleSeconds", 60 * 86400);
            claims.put("domains", domains);
        }

        Builder claim(String name, Object value) {
            claims.put(name, value);
            return this;
        }

        Builder expiresAt(Instant exp) {
            return claim("exp", exp.getEpochSecond());
        }

        Builder domain(String host, boolean includeSubdomains, String mode, String... pins) {
            List<Object> pinList = new ArrayList<>();
            for (int i = 0; i < pins.length; i++) {
                pinList.add(Map.of("sha256", pins[i], "role", i == 0 ? "primary" : "backup"));
            }
            Map<String, Object> domain = new LinkedHashMap<>();
            domain.put("host", host);
            domain.put("includeSubdomains", includeSubdomains);
            domain.put("mode", mode);
            domain.put("pinSetVersion", 1);
            domain.put("pins", pinList);
            domains.add(domain);
            return this;
        }

        Builder signedWith(ECKey key, String kid) {
            this.key = key;
            this.kid = kid;
            return this;
        }

        String payloadJson() {
            return JSONObjectUtils.toJSONString(claims);
        }

        String sign() {
            try {
                JWSObject jws = new JWSObject(
                        new JWSHeader.Builder(JWSAlgorithm.ES256)
                                .keyID(kid)
                                .type(new JOSEObjectType("pinwheel-bundle+jwt"))
                                .build(),
                        new Payload(payloadJson()));
                jws.sign(new ECDSASigner(key));
                return jws.serialize();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A syntactically valid pin that no test key has. */
    static String unusedPin(int n) {
        byte[] bytes = new byte[32];
        bytes[0] = (byte) n;
        bytes[31] = 7;
        return java.util.Base64.getEncoder().encodeToString(bytes);
    }

    private TestBundles() {}
}
