package dev.pinwheel.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObjectJSON;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Root keys and trust documents made the way an operator's offline tool makes them, through Nimbus's
 * own JWS JSON code ({@link JWSObjectJSON}) — an independent path from the service's verifier — and a
 * client-side check of a chain with the same library.
 */
public final class TrustDocuments {

    public static final String ROOT_TYPE = "pinwheel-root+jws";
    public static final String KEY_SET_TYPE = "pinwheel-key-set+jws";

    private TrustDocuments() {}

    /** A new P-256 root key whose kid is its RFC 7638 thumbprint. */
    public static ECKey rootKey() {
        try {
            return new ECKeyGenerator(Curve.P_256)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.ES256)
                    .keyIDFromThumbprint(true)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A root payload as JSON text. */
    public static String rootPayload(String iss, int version, int threshold, List<ECKey> keys, Instant exp) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", "root");
        p.put("iss", iss);
        p.put("version", version);
        p.put("iat", Instant.now().getEpochSecond());
        p.put("exp", exp.getEpochSecond());
        p.put("threshold", threshold);
        List<Map<String, Object>> jwks = new ArrayList<>();
        keys.forEach(k -> jwks.add(k.toPublicJWK().toJSONObject()));
        p.put("keys", jwks);
        return JSONObjectUtils.toJSONString(p);
    }

    /** A root version signed by {@code signers}. */
    public static String root(String iss, int version, int threshold, List<ECKey> keys, List<ECKey> signers) {
        return sign(
                rootPayload(iss, version, threshold, keys, Instant.now().plusSeconds(365L * 86400))
                        .getBytes(StandardCharsets.UTF_8),
                ROOT_TYPE,
                signers);
    }

    /** JWS JSON over {@code payload} with one signature per signer, header {alg, kid, typ} only. */
    public static String sign(byte[] payload, String typ, List<ECKey> signers) {
        try {
            JWSObjectJSON jws = new JWSObjectJSON(new Payload(payload));
            for (ECKey k : signers) {
                jws.sign(
                        new JWSHeader.Builder(JWSAlgorithm.ES256)
                                .keyID(k.getKeyID())
                                .type(new JOSEObjectType(typ))
                                .build(),
                        new ECDSASigner(k));
            }
            return jws.serializeGeneral();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signs the base64url payload of a proposal unchanged. */
    public static String signProposal(String payloadB64, List<ECKey> signers) {
        return sign(new Base64URL(payloadB64).decode(), KEY_SET_TYPE, signers);
    }

    /**
     * Client-side check with Nimbus only: the number of distinct keys of {@code rootKeys} whose
     * signature over {@code document} verifies (a signature that names a listed kid and fails counts as -1000).
     */
    public static int validSignatures(String document, List<ECKey> rootKeys) throws Exception {
        JWSObjectJSON jws = JWSObjectJSON.parse(document);
        java.util.Set<String> valid = new java.util.HashSet<>();
        for (JWSObjectJSON.Signature s : jws.getSignatures()) {
            for (ECKey k : rootKeys) {
                if (k.getKeyID().equals(s.getHeader().getKeyID())) {
                    if (!s.verify(new ECDSAVerifier(k.toECPublicKey()))) {
                        return -1000;
                    }
                    valid.add(k.getKeyID());
                }
            }
        }
        return valid.size();
    }

    /** The payload of a JWS JSON document, parsed. */
    public static Map<String, Object> payload(String document) throws Exception {
        return JWSObjectJSON.parse(document).getPayload().toJSONObject();
    }

    /** The public keys a root or key-set payload lists. */
    public static List<ECKey> keys(Map<String, Object> payload) throws Exception {
        List<ECKey> keys = new ArrayList<>();
        for (Object o : (List<?>) payload.get("keys")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = new LinkedHashMap<>((Map<String, Object>) o);
            m.remove("state");
            keys.add((ECKey) JWK.parse(m));
        }
        return keys;
    }
}
