package dev.pinwheel.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pinwheel trust documents: JWS in the general JSON serialization whose every protected header is
 * exactly {@code {"alg":"ES256","kid":"<kid>","typ":"<typ>"}}. Signing never re-serialises the payload:
 * signatures are made over the base64url payload exactly as it stands in the document.
 */
final class Documents {

    static final String ROOT_TYPE = "pinwheel-root+jws";
    static final String KEY_SET_TYPE = "pinwheel-key-set+jws";
    static final List<String> JWK_MEMBERS = List.of("kty", "crv", "x", "y", "kid", "alg", "use");

    private Documents() {}

    /** A parsed document: the base64url payload and the signatures, as they stand. */
    record Document(String payload, List<Map<String, Object>> signatures) {

        byte[] payloadBytes() {
            return new Base64URL(payload).decode();
        }

        Map<String, Object> payloadJson() {
            try {
                return JSONObjectUtils.parse(new String(payloadBytes(), StandardCharsets.UTF_8));
            } catch (ParseException e) {
                throw new ToolException("The payload is not a JSON object.");
            }
        }

        String toJson() {
            Map<String, Object> top = new LinkedHashMap<>();
            top.put("payload", payload);
            top.put("signatures", signatures);
            return JSONObjectUtils.toJSONString(top);
        }
    }

    static Document parse(String json) {
        try {
            Map<String, Object> top = JSONObjectUtils.parse(json);
            if (!(top.get("payload") instanceof String payload) || !(top.get("signatures") instanceof List<?> list)) {
                throw new ToolException("Not a JWS JSON document (payload and signatures expected).");
            }
            List<Map<String, Object>> signatures = new ArrayList<>();
            for (Object o : list) {
                if (!(o instanceof Map<?, ?> m)) {
                    throw new ToolException("A signature is not a JSON object.");
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) m);
                signatures.add(copy);
            }
            return new Document(payload, signatures);
        } catch (ParseException e) {
            throw new ToolException("Not a JSON document.");
        }
    }

    /** A new unsigned document over {@code payload} (UTF-8 JSON). */
    static Document unsigned(String payloadJson) {
        return new Document(
                Base64URL.encode(payloadJson.getBytes(StandardCharsets.UTF_8)).toString(), new ArrayList<>());
    }

    /** Adds one signature by {@code key} (replacing an earlier one by the same kid). */
    static Document sign(Document doc, String typ, ECKey key) {
        String header = "{\"alg\":\"ES256\",\"kid\":\"" + key.getKeyID() + "\",\"typ\":\"" + typ + "\"}";
        String protectedB64 =
                Base64URL.encode(header.getBytes(StandardCharsets.UTF_8)).toString();
        try {
            JWSHeader parsed = new JWSHeader.Builder(JWSAlgorithm.ES256)
                    .keyID(key.getKeyID())
                    .type(new JOSEObjectType(typ))
                    .build();
            Base64URL signature = new ECDSASigner(key)
                    .sign(parsed, (protectedB64 + "." + doc.payload()).getBytes(StandardCharsets.US_ASCII));
            List<Map<String, Object>> signatures = new ArrayList<>();
            for (Map<String, Object> s : doc.signatures()) {
                if (!key.getKeyID().equals(kidOf(s))) {
                    signatures.add(s);
                }
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("protected", protectedB64);
            entry.put("signature", signature.toString());
            signatures.add(entry);
            return new Document(doc.payload(), signatures);
        } catch (JOSEException e) {
            throw new ToolException("Cannot sign with key " + key.getKeyID() + ".");
        }
    }

    /** The kid in a signature's protected header, or null. */
    static String kidOf(Map<String, Object> signature) {
        try {
            Object p = signature.get("protected");
            if (!(p instanceof String s)) {
                return null;
            }
            Object kid =
                    JSONObjectUtils.parse(new Base64URL(s).decodeToString()).get("kid");
            return kid instanceof String k ? k : null;
        } catch (ParseException e) {
            return null;
        }
    }

    /** A root payload (JSON text) in the member order of the wire format. */
    static String rootPayload(String issuer, int version, int threshold, List<ECKey> keys, Instant iat, Instant exp) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", "root");
        p.put("iss", issuer);
        p.put("version", version);
        p.put("iat", iat.getEpochSecond());
        p.put("exp", exp.getEpochSecond());
        p.put("threshold", threshold);
        List<Map<String, Object>> jwks = new ArrayList<>();
        for (ECKey k : keys) {
            jwks.add(publicJwk(k));
        }
        p.put("keys", jwks);
        return JSONObjectUtils.toJSONString(p);
    }

    /** The public JWK members of {@code key}, in wire order. */
    static Map<String, Object> publicJwk(ECKey key) {
        Map<String, Object> all = key.toPublicJWK().toJSONObject();
        Map<String, Object> jwk = new LinkedHashMap<>();
        for (String m : JWK_MEMBERS) {
            Object v = m.equals("alg") ? "ES256" : m.equals("use") ? "sig" : all.get(m);
            jwk.put(m, v);
        }
        return jwk;
    }
}
