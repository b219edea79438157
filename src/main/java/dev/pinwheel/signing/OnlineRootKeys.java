package dev.pinwheel.signing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.security.interfaces.ECPrivateKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Root keys held online, encrypted under the master key (table {@code online_root_keys}). Only for
 * the quick start or where {@code pinwheel.trust.allow-online-root} says so: in production the root
 * keys stay offline with the operator and this table stays empty.
 *
 * <p><b>Warning:</b> the private keys never leave this class; callers get public keys and signatures.
 */
@Component
public class OnlineRootKeys {

    private final JdbcClient jdbc;
    private final SigningKeys signingKeys;
    private final Clock clock;

    OnlineRootKeys(JdbcClient jdbc, SigningKeys signingKeys, Clock clock) {
        this.jdbc = jdbc;
        this.signingKeys = signingKeys;
        this.clock = clock;
    }

    /** The public keys of every online root key, oldest first. */
    public List<ECKey> publicKeys() {
        return jdbc
                .sql("select public_jwk from online_root_keys order by created_at, kid")
                .query(String.class)
                .list()
                .stream()
                .map(OnlineRootKeys::parse)
                .toList();
    }

    /** Generates a new online root key, stores it encrypted and returns its public key (kid = thumbprint). */
    public ECKey create() {
        try {
            ECKey jwk = new ECKeyGenerator(Curve.P_256)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.ES256)
                    .keyIDFromThumbprint(true)
                    .generate();
            byte[] pkcs8 = jwk.toECPrivateKey().getEncoded();
            try {
                jdbc.sql(
                                "insert into online_root_keys (kid, public_jwk, private_key_enc, created_at) values (?, ?, ?, ?)")
                        .param(jwk.getKeyID())
                        .param(jwk.toPublicJWK().toJSONString())
                        .param(signingKeys.masterKey().encrypt(pkcs8, jwk.getKeyID()))
                        .param(OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                        .update();
            } finally {
                Arrays.fill(pkcs8, (byte) 0);
            }
            return jwk.toPublicJWK();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot generate a P-256 key", e);
        }
    }

    /**
     * Signs {@code payload} with each of the given online root keys (unknown kids are skipped), each
     * signature under the protected header {@code {"alg":"ES256","kid":"<kid>","typ":"<typ>"}}.
     */
    public List<RootSignature> sign(String typ, byte[] payload, Collection<String> kids) {
        return kids.stream()
                .sorted()
                .flatMap(kid -> jdbc
                        .sql("select private_key_enc from online_root_keys where kid = ?")
                        .param(kid)
                        .query(String.class)
                        .optional()
                        .stream()
                        .map(encrypted -> {
                            ECPrivateKey key = signingKeys.masterKey().decryptEcPrivateKey(encrypted, kid);
                            Es256.Signature s = Es256.sign(key, kid, typ, payload);
                            return new RootSignature(s.protectedHeader(), s.signature());
                        }))
                .toList();
    }

    /** One signature of a JWS JSON document: base64url protected header and base64url signature. */
    public record RootSignature(String protectedHeader, String signature) {}

    private static ECKey parse(String json) {
        try {
            return ECKey.parse(json);
        } catch (ParseException e) {
            throw new IllegalStateException("Stored online root public key is not a JWK", e);
        }
    }
}
