package dev.pinwheel.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Verifies a trust chain offline, the way a client does: root version 1 by its own threshold; each
 * next version by a threshold of the previous keys and a threshold of its own, versions up by one, the
 * same issuer; the key set by a threshold of the root version it names. A signature by a listed kid that
 * does not verify refuses the document; signatures by unknown kids are ignored.
 */
final class ChainVerifier {

    private ChainVerifier() {}

    /** A verified root version. */
    record Root(int version, String issuer, int threshold, Map<String, ECKey> keys, Instant expiresAt) {}

    /** A verified key set. */
    record KeySet(long version, int rootVersion, String issuer, List<String> kids, Instant expiresAt) {}

    /** Verifies {@code document} as the root version after {@code previous} (null: version 1, self-signed). */
    static Root root(String document, Root previous) {
        Documents.Document doc = Documents.parse(document);
        Map<String, Object> p = doc.payloadJson();
        if (!"root".equals(p.get("type"))) {
            throw new ToolException("Not a root: payload.type is " + p.get("type") + ".");
        }
        int version = (int) number(p, "version");
        String issuer = text(p, "iss");
        Map<String, ECKey> keys = keys(p);
        int threshold = (int) number(p, "threshold");
        if (threshold < 1 || threshold > keys.size()) {
            throw new ToolException("Root version " + version + ": threshold " + threshold + " is not between 1 and "
                    + keys.size() + ".");
        }
        Root root = new Root(version, issuer, threshold, keys, Instant.ofEpochSecond(number(p, "exp")));
        Set<String> valid = valid(
                doc,
                Documents.ROOT_TYPE,
                previous == null ? keys : union(previous.keys(), keys),
                "root version " + version);
        if (previous == null) {
            if (version != 1) {
                throw new ToolException("A chain starts at root version 1, not " + version + ".");
            }
        } else {
            if (version != previous.version() + 1) {
                throw new ToolException("Root version " + version + " does not follow version " + previous.version()
                        + " (gap or rollback).");
            }
            if (!issuer.equals(previous.issuer())) {
                throw new ToolException("Root version " + version + " changes the issuer.");
            }
            requireThreshold(
                    valid,
                    previous.keys(),
                    previous.threshold(),
                    "root version " + version,
                    "root version " + previous.version());
        }
        requireThreshold(valid, keys, threshold, "root version " + version, "root version " + version);
        return root;
    }

    /** Verifies a key set against {@code root}, which must be the version it names. */
    static KeySet keySet(String document, Root root) {
        Documents.Document doc = Documents.parse(document);
        Map<String, Object> p = doc.payloadJson();
        if (!"key-set".equals(p.get("type"))) {
            throw new ToolException("Not a key set: payload.type is " + p.get("type") + ".");
        }
        int rootVersion = (int) number(p, "rootVersion");
        if (rootVersion != root.version()) {
            throw new ToolException(
                    "The key set names root version " + rootVersion + ", the chain ends at " + root.version() + ".");
        }
        String issuer = text(p, "iss");
        if (!issuer.equals(root.issuer())) {
            throw new ToolException("The key set's issuer " + issuer + " is not the root's " + root.issuer() + ".");
        }
        Map<String, ECKey> listed = keys(p);
        Set<String> valid = valid(doc, Documents.KEY_SET_TYPE, root.keys(), "the key set");
        requireThreshold(valid, root.keys(), root.threshold(), "the key set", "root version " + root.version());
        return new KeySet(
                number(p, "version"),
                rootVersion,
                issuer,
                List.copyOf(listed.keySet()),
                Instant.ofEpochSecond(number(p, "exp")));
    }

    /** The kids of {@code known} whose signature verifies; refuses a forged one. */
    private static Set<String> valid(Documents.Document doc, String typ, Map<String, ECKey> known, String what) {
        if (doc.signatures().isEmpty()) {
            throw new ToolException(what + " carries no signature.");
        }
        Set<String> valid = new HashSet<>();
        for (Map<String, Object> s : doc.signatures()) {
            if (!s.keySet().equals(Set.of("protected", "signature"))) {
                throw new ToolException(what + ": a signature has members other than protected and signature.");
            }
            String protectedB64 = (String) s.get("protected");
            Map<String, Object> header;
            try {
                header = JSONObjectUtils.parse(new Base64URL(protectedB64).decodeToString());
            } catch (ParseException e) {
                throw new ToolException(what + ": a protected header is not JSON.");
            }
            if (!header.keySet().equals(Set.of("alg", "kid", "typ"))
                    || !"ES256".equals(header.get("alg"))
                    || !typ.equals(header.get("typ"))) {
                throw new ToolException(what + ": a protected header is not {alg: ES256, kid, typ: " + typ + "}.");
            }
            String kid = (String) header.get("kid");
            ECKey key = known.get(kid);
            if (key == null) {
                continue;
            }
            try {
                boolean ok = new ECDSAVerifier(key)
                        .verify(
                                JWSHeader.parse(new Base64URL(protectedB64)),
                                (protectedB64 + "." + doc.payload()).getBytes(StandardCharsets.US_ASCII),
                                new Base64URL((String) s.get("signature")));
                if (!ok) {
                    throw new ToolException(what + ": the signature by " + kid + " does not verify (forged).");
                }
            } catch (JOSEException | ParseException e) {
                throw new ToolException(what + ": the signature by " + kid + " cannot be checked.");
            }
            valid.add(kid);
        }
        return valid;
    }

    private static void requireThreshold(
            Set<String> valid, Map<String, ECKey> keys, int threshold, String what, String by) {
        long count = valid.stream().filter(keys::containsKey).count();
        if (count < threshold) {
            throw new ToolException(what + " carries " + count + " valid signature(s) by keys of " + by
                    + ", the threshold is " + threshold + ".");
        }
    }

    private static Map<String, ECKey> keys(Map<String, Object> p) {
        if (!(p.get("keys") instanceof List<?> list) || list.isEmpty()) {
            throw new ToolException("payload.keys must be a non-empty array.");
        }
        Map<String, ECKey> keys = new LinkedHashMap<>();
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> m)) {
                throw new ToolException("payload.keys holds a non-object.");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> jwk = new LinkedHashMap<>((Map<String, Object>) m);
            jwk.remove("state");
            if (jwk.containsKey("d")) {
                throw new ToolException("payload.keys holds private key material.");
            }
            try {
                ECKey key = ECKey.parse(jwk);
                String thumbprint = key.computeThumbprint().toString();
                if (!Curve.P_256.equals(key.getCurve()) || !thumbprint.equals(key.getKeyID())) {
                    throw new ToolException("payload.keys: " + key.getKeyID()
                            + " is not a P-256 key named by its RFC 7638 thumbprint.");
                }
                if (keys.put(thumbprint, key) != null) {
                    throw new ToolException("payload.keys lists " + thumbprint + " twice.");
                }
            } catch (ParseException | JOSEException e) {
                throw new ToolException("payload.keys holds an invalid JWK.");
            }
        }
        return keys;
    }

    private static Map<String, ECKey> union(Map<String, ECKey> a, Map<String, ECKey> b) {
        Map<String, ECKey> all = new LinkedHashMap<>(a);
        all.putAll(b);
        return all;
    }

    private static long number(Map<String, Object> p, String name) {
        if (!(p.get(name) instanceof Number n)) {
            throw new ToolException("payload." + name + " must be a number.");
        }
        return n.longValue();
    }

    private static String text(Map<String, Object> p, String name) {
        if (!(p.get(name) instanceof String s) || s.isBlank()) {
            throw new ToolException("payload." + name + " must be a string.");
        }
        return s;
    }

    static List<String> kids(Root root) {
        return new ArrayList<>(root.keys().keySet());
    }
}
