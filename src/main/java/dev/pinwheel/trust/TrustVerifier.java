package dev.pinwheel.trust;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.pinwheel.core.ProblemException;
import dev.pinwheel.core.ProblemType;
import dev.pinwheel.core.Violation;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one place that decides whether a root version or a key set is valid: uploads, the startup
 * load of the stored chain and the online root all go through it. Documents are JWS in the general
 * JSON serialization; every protected header is exactly {@code {"alg":"ES256","kid":..,"typ":..}}
 * and every kid is the RFC 7638 thumbprint of the key it names (computed here, never trusted).
 *
 * <ul>
 *   <li>Root version 1 is valid when signed by {@code threshold} distinct keys of its own.</li>
 *   <li>Root version N+1 is valid only when signed by {@code threshold(N)} distinct keys of version N
 *       and {@code threshold(N+1)} distinct keys of its own (TUF 1.0 §5.3.4), with the same issuer.</li>
 *   <li>A key set is valid when signed by {@code threshold} distinct keys of the root version it names.</li>
 *   <li>Signatures by kids the verifier does not know are ignored; a signature by a known kid that does
 *       not verify makes the whole document invalid (forged).</li>
 * </ul>
 *
 * <p><b>Warning:</b> this class is security code. Never accept a document because it "mostly" checks
 * out; every refusal is a {@link ProblemException} that says which rule failed, and nothing else
 * decides these rules.
 */
public final class TrustVerifier {

    /** {@code typ} of a root version. */
    public static final String ROOT_TYPE = "pinwheel-root+jws";
    /** {@code typ} of a key set. */
    public static final String KEY_SET_TYPE = "pinwheel-key-set+jws";
    /** Key states a key set may list. */
    public static final Set<String> KEY_STATES = Set.of("next", "active", "retired");

    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+");

    private TrustVerifier() {}

    /**
     * A verified root version.
     *
     * @param keys     the root keys by kid (public only), in document order
     * @param document the JWS JSON exactly as signed
     */
    public record RootVersion(
            int version,
            String issuer,
            Instant issuedAt,
            Instant expiresAt,
            int threshold,
            Map<String, ECKey> keys,
            String document) {}

    /**
     * A verified key set.
     *
     * @param keys     the listed signing keys, in document order
     * @param payload  the signed payload bytes
     * @param document the JWS JSON exactly as signed
     */
    public record KeySet(
            long version,
            int rootVersion,
            String issuer,
            Instant issuedAt,
            Instant expiresAt,
            List<ListedKey> keys,
            byte[] payload,
            String document) {

        /** The kids the key set lists. */
        public Set<String> kids() {
            Set<String> kids = new LinkedHashSet<>();
            keys.forEach(k -> kids.add(k.kid()));
            return kids;
        }
    }

    /** A signing key a key set lists, with its informational state. */
    public record ListedKey(String kid, String state, ECKey key) {}

    /** A parsed JWS JSON document: the payload bytes and every signature, not yet verified. */
    record Signed(byte[] payload, String payloadB64, List<Signature> signatures) {}

    record Signature(int index, String kid, String protectedB64, String signatureB64) {}

    /**
     * Verifies a root version against the one before it ({@code previous}, null for version 1).
     *
     * @throws ProblemException {@code trust-document-invalid}, {@code trust-signature-invalid},
     *                          {@code trust-threshold-not-met} or {@code trust-version}
     */
    public static RootVersion verifyRoot(String document, RootVersion previous) {
        Signed signed = parse(document, ROOT_TYPE);
        Map<String, Object> p = payloadObject(signed);
        requireType(p, "root");
        String issuer = text(p, "iss");
        int version = (int) integer(p, "version", 1, Integer.MAX_VALUE);
        Instant iat = Instant.ofEpochSecond(integer(p, "iat", 0, Long.MAX_VALUE));
        Instant exp = Instant.ofEpochSecond(integer(p, "exp", 0, Long.MAX_VALUE));
        if (!exp.isAfter(iat)) {
            throw invalid("payload.exp", "must be after iat");
        }
        Map<String, ECKey> keys = new LinkedHashMap<>();
        for (ListedKey k : keys(p, false)) {
            keys.put(k.kid(), k.key());
        }
        int threshold = (int) integer(p, "threshold", 1, keys.size());
        RootVersion root = new RootVersion(version, issuer, iat, exp, threshold, Map.copyOf(keys), document);
        if (previous == null) {
            if (version != 1) {
                throw new ProblemException(
                        ProblemType.TRUST_VERSION,
                        "A chain starts at root version 1, this is version " + version
                                + "; upload every version from 1 on, in order.",
                        Map.of("version", version));
            }
            requireSignatures(signed, "root version 1", List.of(new Signers("root version 1", keys, threshold)));
            return root;
        }
        if (version != previous.version() + 1) {
            throw new ProblemException(
                    ProblemType.TRUST_VERSION,
                    "Root version " + version + " does not follow version " + previous.version()
                            + ": versions go up by exactly one (no gap, no rollback).",
                    Map.of("version", version, "currentVersion", previous.version()));
        }
        if (!issuer.equals(previous.issuer())) {
            throw invalid(
                    "payload.iss",
                    "must stay " + previous.issuer() + " (the issuer of root version " + previous.version() + ")");
        }
        requireSignatures(
                signed,
                "root version " + version,
                List.of(
                        new Signers("root version " + previous.version(), previous.keys(), previous.threshold()),
                        new Signers("root version " + version, keys, threshold)));
        return root;
    }

    /**
     * Verifies a key set against the root version it names (which must be {@code root}) and the issuer.
     * Does not look at time or at the held key set: see {@link #requireFresh} and {@link #requireNewer}.
     */
    public static KeySet verifyKeySet(String document, RootVersion root) {
        Signed signed = parse(document, KEY_SET_TYPE);
        return verifyKeySet(signed, document, root);
    }

    /** Verifies a key set whose payload bytes are already known to the caller (a proposal). */
    static KeySet verifyKeySet(Signed signed, String document, RootVersion root) {
        Map<String, Object> p = payloadObject(signed);
        requireType(p, "key-set");
        String issuer = text(p, "iss");
        long version = integer(p, "version", 1, Long.MAX_VALUE);
        int rootVersion = (int) integer(p, "rootVersion", 1, Integer.MAX_VALUE);
        Instant iat = Instant.ofEpochSecond(integer(p, "iat", 0, Long.MAX_VALUE));
        Instant exp = Instant.ofEpochSecond(integer(p, "exp", 0, Long.MAX_VALUE));
        if (!exp.isAfter(iat)) {
            throw invalid("payload.exp", "must be after iat");
        }
        List<ListedKey> keys = keys(p, true);
        if (rootVersion != root.version()) {
            throw new ProblemException(
                    ProblemType.TRUST_VERSION,
                    "The key set names root version " + rootVersion + " but the current root is version "
                            + root.version() + "; sign a proposal for the current root.",
                    Map.of("rootVersion", rootVersion, "currentRootVersion", root.version()));
        }
        if (!issuer.equals(root.issuer())) {
            throw invalid("payload.iss", "must be " + root.issuer() + " (the issuer of the root)");
        }
        requireSignatures(
                signed,
                "the key set",
                List.of(new Signers("root version " + root.version(), root.keys(), root.threshold())));
        return new KeySet(version, rootVersion, issuer, iat, exp, List.copyOf(keys), signed.payload(), document);
    }

    /** The {@code rootVersion} a key set document names, before verification (to pick the root to verify with). */
    static int parseKeySetRootVersion(String document) {
        Map<String, Object> p = payloadObject(parse(document, KEY_SET_TYPE));
        return (int) integer(p, "rootVersion", 1, Integer.MAX_VALUE);
    }

    /**
     * @throws ProblemException {@code trust-document-expired} when {@code exp} is not after {@code now}
     */
    public static void requireFresh(String what, Instant expiresAt, Instant now) {
        if (!expiresAt.isAfter(now)) {
            throw new ProblemException(
                    ProblemType.TRUST_DOCUMENT_EXPIRED,
                    what + " expired at " + expiresAt + "; sign a fresh one.",
                    Map.of("expiresAt", expiresAt.toString()));
        }
    }

    /**
     * A key set may replace the held one only with a higher version and an {@code iat} not before the
     * held one's (rollback protection).
     *
     * @throws ProblemException {@code trust-version}
     */
    public static void requireNewer(KeySet candidate, KeySet held) {
        if (held == null) {
            return;
        }
        if (candidate.version() <= held.version()) {
            throw new ProblemException(
                    ProblemType.TRUST_VERSION,
                    "Key set version " + candidate.version() + " is not above the served version " + held.version()
                            + " (rollback refused).",
                    Map.of("version", candidate.version(), "currentVersion", held.version()));
        }
        if (candidate.issuedAt().isBefore(held.issuedAt())) {
            throw new ProblemException(
                    ProblemType.TRUST_VERSION,
                    "Key set iat " + candidate.issuedAt() + " is before the served key set's iat " + held.issuedAt()
                            + ".",
                    Map.of("version", candidate.version(), "currentVersion", held.version()));
        }
    }

    /** Parses the general JWS JSON serialization, strictly, without verifying anything. */
    static Signed parse(String document, String typ) {
        Map<String, Object> top;
        try {
            top = JSONObjectUtils.parse(document);
        } catch (ParseException | RuntimeException e) {
            throw invalid("body", "is not a JSON object (expected the JWS JSON serialization: payload and signatures)");
        }
        if (!top.keySet().equals(Set.of("payload", "signatures"))) {
            throw invalid(
                    "body",
                    "must have exactly the members payload and signatures (general JWS JSON " + "serialization), got "
                            + new java.util.TreeSet<>(top.keySet()));
        }
        if (!(top.get("payload") instanceof String payloadB64)
                || !BASE64URL.matcher(payloadB64).matches()) {
            throw invalid("payload", "must be a non-empty base64url string");
        }
        if (!(top.get("signatures") instanceof List<?> list) || list.isEmpty()) {
            throw invalid("signatures", "must be a non-empty array");
        }
        List<Signature> signatures = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String field = "signatures[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> s) || !s.keySet().equals(Set.of("protected", "signature"))) {
                throw invalid(field, "must have exactly the members protected and signature (no unprotected header)");
            }
            if (!(s.get("protected") instanceof String protectedB64)
                    || !BASE64URL.matcher(protectedB64).matches()) {
                throw invalid(field + ".protected", "must be a base64url string");
            }
            if (!(s.get("signature") instanceof String signatureB64)
                    || !BASE64URL.matcher(signatureB64).matches()) {
                throw invalid(field + ".signature", "must be a base64url string");
            }
            Map<String, Object> header;
            try {
                header = JSONObjectUtils.parse(new Base64URL(protectedB64).decodeToString());
            } catch (ParseException | RuntimeException e) {
                throw invalid(field + ".protected", "is not a base64url JSON object");
            }
            if (!header.keySet().equals(Set.of("alg", "kid", "typ"))) {
                throw invalid(field + ".protected", "must have exactly alg, kid and typ");
            }
            if (!"ES256".equals(header.get("alg"))) {
                throw invalid(field + ".protected.alg", "must be ES256");
            }
            if (!typ.equals(header.get("typ"))) {
                throw invalid(field + ".protected.typ", "must be " + typ);
            }
            if (!(header.get("kid") instanceof String kid) || kid.isBlank()) {
                throw invalid(field + ".protected.kid", "must be a key id");
            }
            signatures.add(new Signature(i, kid, protectedB64, signatureB64));
        }
        return new Signed(new Base64URL(payloadB64).decode(), payloadB64, List.copyOf(signatures));
    }

    private record Signers(String name, Map<String, ECKey> keys, int threshold) {}

    /** Verifies every signature by a known kid (forged => invalid) and counts distinct valid kids per group. */
    private static void requireSignatures(Signed signed, String what, List<Signers> groups) {
        Map<String, ECKey> known = new LinkedHashMap<>();
        groups.forEach(g -> known.putAll(g.keys()));
        Set<String> valid = new LinkedHashSet<>();
        for (Signature s : signed.signatures()) {
            ECKey key = known.get(s.kid());
            if (key == null) {
                continue; // signatures by unknown kids are ignored (TUF)
            }
            if (!verifies(key, s, signed.payloadB64())) {
                throw new ProblemException(
                        ProblemType.TRUST_SIGNATURE_INVALID,
                        "The signature of " + what + " by root key " + s.kid() + " (signatures[" + s.index()
                                + "]) does not verify: the document is refused.",
                        Map.of(
                                "kid",
                                s.kid(),
                                "violations",
                                List.of(new Violation(
                                        "signatures[" + s.index() + "]", "does not verify with the key " + s.kid()))));
            }
            valid.add(s.kid());
        }
        for (Signers g : groups) {
            long count = valid.stream().filter(g.keys()::containsKey).count();
            if (count < g.threshold()) {
                throw new ProblemException(
                        ProblemType.TRUST_THRESHOLD_NOT_MET,
                        what + " carries " + count + " valid signature(s) by keys of " + g.name()
                                + ", its threshold is " + g.threshold() + ".",
                        Map.of("signedBy", g.name(), "threshold", g.threshold(), "validSignatures", count));
            }
        }
    }

    private static boolean verifies(ECKey key, Signature s, String payloadB64) {
        try {
            JWSHeader header = JWSHeader.parse(new Base64URL(s.protectedB64()));
            byte[] input = (s.protectedB64() + "." + payloadB64).getBytes(StandardCharsets.US_ASCII);
            return new ECDSAVerifier(key).verify(header, input, new Base64URL(s.signatureB64()));
        } catch (JOSEException | ParseException e) {
            return false;
        }
    }

    private static Map<String, Object> payloadObject(Signed signed) {
        try {
            return JSONObjectUtils.parse(new String(signed.payload(), StandardCharsets.UTF_8));
        } catch (ParseException | RuntimeException e) {
            throw invalid("payload", "is not a base64url JSON object");
        }
    }

    private static void requireType(Map<String, Object> p, String type) {
        if (!type.equals(p.get("type"))) {
            throw invalid("payload.type", "must be " + type);
        }
    }

    private static List<ListedKey> keys(Map<String, Object> p, boolean withState) {
        if (!(p.get("keys") instanceof List<?> list) || list.isEmpty()) {
            throw invalid("payload.keys", "must be a non-empty array of public EC P-256 JWKs");
        }
        List<ListedKey> keys = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String field = "payload.keys[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> raw)) {
                throw invalid(field, "must be a JWK object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> jwk = new LinkedHashMap<>((Map<String, Object>) raw);
            if (jwk.containsKey("d")) {
                throw invalid(field, "holds a private key (d): never send private key material");
            }
            String state = null;
            if (withState) {
                if (!(jwk.remove("state") instanceof String s) || !KEY_STATES.contains(s)) {
                    throw invalid(field + ".state", "must be one of next, active, retired");
                }
                state = s;
            }
            ECKey key;
            try {
                key = ECKey.parse(jwk);
            } catch (ParseException e) {
                throw invalid(field, "is not an EC public JWK");
            }
            if (!Curve.P_256.equals(key.getCurve())) {
                throw invalid(field + ".crv", "must be P-256");
            }
            String thumbprint;
            try {
                thumbprint = key.computeThumbprint().toString();
            } catch (JOSEException e) {
                throw invalid(field, "has no RFC 7638 thumbprint");
            }
            if (!thumbprint.equals(key.getKeyID())) {
                throw invalid(
                        field + ".kid", "must be the RFC 7638 SHA-256 thumbprint of the key (" + thumbprint + ")");
            }
            if (!seen.add(thumbprint)) {
                throw invalid(field, "lists the key " + thumbprint + " twice");
            }
            keys.add(new ListedKey(thumbprint, state, key));
        }
        return keys;
    }

    private static String text(Map<String, Object> p, String name) {
        if (!(p.get(name) instanceof String s) || s.isBlank()) {
            throw invalid("payload." + name, "must be a non-empty string");
        }
        return s;
    }

    private static long integer(Map<String, Object> p, String name, long min, long max) {
        Object v = p.get(name);
        if (!(v instanceof Long || v instanceof Integer)) {
            throw invalid("payload." + name, "must be an integer");
        }
        long n = ((Number) v).longValue();
        if (n < min || n > max) {
            throw invalid("payload." + name, "must be between " + min + " and " + max);
        }
        return n;
    }

    private static ProblemException invalid(String field, String message) {
        return new ProblemException(
                ProblemType.TRUST_DOCUMENT_INVALID,
                field + ": " + message,
                Map.of("violations", List.of(new Violation(field, message))));
    }
}
