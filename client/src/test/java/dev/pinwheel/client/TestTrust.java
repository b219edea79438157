package dev.pinwheel.client;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObjectJSON;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Root and key-set documents for tests, made with Nimbus exactly as the wire format says: JWS in
 * the general JSON serialization, one signature per root key, protected header
 * {@code {"alg":"ES256","kid":<thumbprint>,"typ":...}}, every kid the key's RFC 7638 thumbprint.
 */
public final class TestTrust {

    static final String ISS = "https://pins.example.test";
    static final String ROOT_TYPE = "pinwheel-root+jws";
    static final String KEY_SET_TYPE = "pinwheel-key-set+jws";
    static final ECKey ROOT_KEY = key();

    /** A fresh P-256 key whose kid is its thumbprint. */
    static ECKey key() {
        try {
            ECKey key = new ECKeyGenerator(Curve.P_256).generate();
            return new ECKey.Builder(key).keyIDFromThumbprint().build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The root public keys as an app ships them. */
    static String rootJwks(ECKey... keys) {
        List<com.nimbusds.jose.jwk.JWK> pub = new ArrayList<>();
        for (ECKey key : keys) {
            pub.add(key.toPublicJWK());
        }
        return new JWKSet(pub).toString();
    }

    static String rootJwks() {
        return rootJwks(ROOT_KEY);
    }

    static List<Object> jwks(List<ECKey> keys, String state) {
        List<Object> list = new ArrayList<>();
        for (ECKey key : keys) {
            Map<String, Object> jwk = new LinkedHashMap<>(key.toPublicJWK().toJSONObject());
            jwk.put("alg", "ES256");
            jwk.put("use", "sig");
            if (state != null) {
                jwk.put("state", state);
            }
            list.add(jwk);
        }
        return list;
    }

    static Map<String, Object> rootPayload(long version, int threshold, List<ECKey> keys, Instant iat) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", "root");
        p.put("iss", ISS);
        p.put("version", version);
        p.put("iat", iat.getEpochSecond());
        p.put("exp", iat.plusSeconds(365L * 86400).getEpochSecond());
        p.put("threshold", threshold);
        p.put("keys", jwks(keys, null));
        return p;
    }

    static Map<String, Object> keySetPayload(
            long version, long rootVersion, Instant iat, Instant exp, List<ECKey> keys) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", "key-set");
        p.put("iss", ISS);
        p.put("version", version);
        p.put("rootVersion", rootVersion);
        p.put("iat", iat.getEpochSecond());
        p.put("exp", exp.getEpochSecond());
        p.put("keys", jwks(keys, "active"));
        return p;
    }

    /** The payload signed by each of {@code signers} (kid = its thumbprint), general JSON serialization. */
    static String sign(Map<String, Object> payload, String typ, ECKey... signers) {
        return sign(JSONObjectUtils.toJSONString(payload).getBytes(StandardCharsets.UTF_8), typ, List.of(signers));
    }

    /** These exact payload bytes signed by each of {@code signers} (kid = its key id), general JSON serialization. */
    public static String sign(byte[] payload, String typ, List<ECKey> signers) {
        try {
            JWSObjectJSON jws = new JWSObjectJSON(new Payload(payload));
            for (ECKey signer : signers) {
                jws.sign(
                        new JWSHeader.Builder(JWSAlgorithm.ES256)
                                .keyID(signer.getKeyID())
                                .type(new JOSEObjectType(typ))
                                .build(),
                        new ECDSASigner(signer));
            }
            return jws.serializeGeneral();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String root(long version, int threshold, List<ECKey> keys, Instant iat, ECKey... signers) {
        return sign(rootPayload(version, threshold, keys, iat), ROOT_TYPE, signers);
    }

    static String keySet(long version, long rootVersion, Instant iat, Instant exp, List<ECKey> keys, ECKey... signers) {
        return sign(keySetPayload(version, rootVersion, iat, exp, keys), KEY_SET_TYPE, signers);
    }

    /** Key set version 1 under root version 1 (ROOT_KEY), listing TestBundles.KEY, valid for a year from {@code iat}. */
    static String keySet(Instant iat) {
        return keySet(1, 1, iat, iat.plusSeconds(365L * 86400), List.of(TestBundles.KEY), ROOT_KEY);
    }

    static final Instant ROOT_IAT = Instant.parse("2026-09-01T00:00:00Z");

    /** Root version 1 as the service serves it: ROOT_KEY, threshold 1, self-signed. */
    static String rootDocument() {
        return root(1, 1, List.of(ROOT_KEY), ROOT_IAT, ROOT_KEY);
    }

    /** A key set good for the tests of bundles issued around 2026-11 (issued 2026-09-01, valid a year). */
    static String keySet() {
        return Shipped.KEY_SET;
    }

    private static final class Shipped {
        static final String KEY_SET = keySet(ROOT_IAT);
    }

    /** What an app ships for the bundle tests: root version 1 (ROOT_KEY) and key set 1 listing TestBundles.KEY. */
    static PinwheelConfig.Builder trust(PinwheelConfig.Builder builder) {
        return builder.rootKeys(rootJwks(), 1).baselineKeySet(keySet());
    }

    private TestTrust() {}
}
