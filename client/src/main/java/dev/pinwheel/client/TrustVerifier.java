package dev.pinwheel.client;

import static dev.pinwheel.client.BundleRejectedException.Reason.KEY_SET_EXPIRED;
import static dev.pinwheel.client.BundleRejectedException.Reason.KEY_SET_ROLLBACK;
import static dev.pinwheel.client.BundleRejectedException.Reason.KEY_SET_UNTRUSTED;
import static dev.pinwheel.client.BundleRejectedException.Reason.ROOT_REJECTED;
import static dev.pinwheel.client.BundleRejectedException.Reason.ROOT_ROLLBACK;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObjectJSON;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.text.ParseException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one place that decides whether a root or a key set is trusted (the trust chain: root
 * versions, each endorsed by the previous one, then the key set the newest root signs).
 *
 * <p>Both documents are JWS in the general JSON serialization with one signature per root key.
 * Every signature's protected header must be {@code alg} ES256, the document's {@code typ} and a
 * {@code kid} that is the RFC 7638 thumbprint of the key (every key's kid is checked against its
 * thumbprint when read). Signatures by kids the verifier does not know are ignored; a signature
 * by a known kid that does not verify makes the whole document invalid (a forgery). Unprotected
 * headers are never read.
 */
final class TrustVerifier {

    static final JOSEObjectType ROOT_TYPE = new JOSEObjectType("pinwheel-root+jws");
    static final JOSEObjectType KEY_SET_TYPE = new JOSEObjectType("pinwheel-key-set+jws");

    private TrustVerifier() {}

    // ---- roots

    /**
     * The root configured in the app: public keys (a JWKS), threshold and the root version they
     * belong to. Refuses anything but distinct P-256 public keys whose kid (when present) is their thumbprint.
     */
    static TrustRoot configuredRoot(String jwks, int threshold, long version) {
        Map<String, ECKey> keys;
        try {
            keys = keys(JSONObjectUtils.parse(jwks).get("keys"), false, true);
        } catch (ParseException | RuntimeException e) {
            throw new IllegalArgumentException("the root keys are not a JWKS of P-256 public keys: " + e.getMessage());
        }
        if (threshold < 1 || threshold > keys.size()) {
            throw new IllegalArgumentException(
                    "root threshold " + threshold + " must be between 1 and the " + keys.size() + " root keys");
        }
        if (version < 1) {
            throw new IllegalArgumentException("root version must be at least 1");
        }
        return new TrustRoot(version, null, null, threshold, keys, null);
    }

    /** A root document shipped in the app: trusted as shipped, but it must carry a threshold of its own signatures. */
    static TrustRoot shippedRoot(String document) throws BundleRejectedException {
        JWSObjectJSON signed = parse(document, ROOT_REJECTED, "root");
        TrustRoot root = readRoot(document, signed);
        requireThreshold(
                signed,
                ROOT_TYPE,
                root.keys,
                root.threshold,
                ROOT_REJECTED,
                "root version " + root.version + " (its own keys)");
        return root;
    }

    /**
     * The signed document of the version the app was configured with: same version, keys and
     * threshold as configured, signed by a threshold of them. Gives the client the issuer and expiry.
     */
    static TrustRoot configuredRootDocument(String document, TrustRoot configured) throws BundleRejectedException {
        JWSObjectJSON signed = parse(document, ROOT_REJECTED, "root");
        TrustRoot root = readRoot(document, signed);
        if (root.version != configured.version) {
            throw new BundleRejectedException(
                    root.version < configured.version ? ROOT_ROLLBACK : ROOT_REJECTED,
                    "root document has version " + root.version + ", the app is configured with version "
                            + configured.version);
        }
        if (!root.keys.keySet().equals(configured.keys.keySet()) || root.threshold != configured.threshold) {
            throw new BundleRejectedException(
                    ROOT_REJECTED,
                    "root version " + root.version
                            + " lists other keys or another threshold than the app is configured with");
        }
        requireThreshold(
                signed,
                ROOT_TYPE,
                configured.keys,
                configured.threshold,
                ROOT_REJECTED,
                "root version " + root.version);
        return root;
    }

    /**
     * Root version {@code held.version + 1}: signed by a threshold of the held version's keys AND a
     * threshold of its own keys, same issuer. A lower or equal version is a rollback, a higher one a gap.
     */
    static TrustRoot nextRoot(String document, TrustRoot held) throws BundleRejectedException {
        JWSObjectJSON signed = parse(document, ROOT_REJECTED, "root");
        TrustRoot next = readRoot(document, signed);
        long expected = held.version + 1;
        if (next.version <= held.version) {
            throw new BundleRejectedException(
                    ROOT_ROLLBACK,
                    "root version " + next.version + " is not newer than the held version " + held.version);
        }
        if (next.version != expected) {
            throw new BundleRejectedException(
                    ROOT_REJECTED, "root chain has a gap: expected version " + expected + ", got " + next.version);
        }
        if (held.issuer != null && !held.issuer.equals(next.issuer)) {
            throw new BundleRejectedException(
                    ROOT_REJECTED,
                    "root version " + next.version + " has issuer " + next.issuer + ", not " + held.issuer);
        }
        Map<String, ECKey> both = new HashMap<>(held.keys);
        both.putAll(next.keys);
        Set<String> signers = signers(signed, ROOT_TYPE, both, ROOT_REJECTED, "root version " + next.version);
        int byHeld = count(signers, held.keys);
        int byOwn = count(signers, next.keys);
        if (byHeld < held.threshold) {
            throw new BundleRejectedException(
                    ROOT_REJECTED,
                    "root version " + next.version + " is signed by " + byHeld + " key(s) of version " + held.version
                            + ", its threshold is " + held.threshold);
        }
        if (byOwn < next.threshold) {
            throw new BundleRejectedException(
                    ROOT_REJECTED,
                    "root version " + next.version + " is signed by " + byOwn + " of its own keys, its threshold is "
                            + next.threshold);
        }
        return next;
    }

    private static TrustRoot readRoot(String document, JWSObjectJSON signed) throws BundleRejectedException {
        try {
            Map<String, Object> p = payload(signed);
            if (!"root".equals(p.get("type"))) {
                throw new ParseException("type is not root", 0);
            }
            long version = positive(p, "version");
            long threshold = positive(p, "threshold");
            number(p, "iat"); // required, though only exp is checked
            long exp = number(p, "exp");
            Map<String, ECKey> keys = keys(p.get("keys"), false, false);
            if (threshold > keys.size()) {
                throw new ParseException("threshold " + threshold + " exceeds the " + keys.size() + " keys", 0);
            }
            return new TrustRoot(
                    version, issuer(p), Instant.ofEpochSecond(exp), (int) threshold, keys, document.trim());
        } catch (ParseException | RuntimeException e) {
            throw new BundleRejectedException(ROOT_REJECTED, "root is invalid: " + e.getMessage());
        }
    }

    // ---- key sets

    /**
     * A key set: signed by a threshold of {@code root}'s keys, under exactly that root version,
     * same issuer as the root. Against the {@code held} key set (may be null): version not lower,
     * equal only with the same payload (then {@code held} is returned), {@code iat} not earlier.
     * With {@code now} (null when re-reading stored state): {@code exp} and the root's
     * {@code exp} must be after it (a frozen, replayed key set is refused).
     */
    static KeySet keySet(String document, TrustRoot root, KeySet held, Instant now) throws BundleRejectedException {
        JWSObjectJSON signed = parse(document, KEY_SET_UNTRUSTED, "key set");
        KeySet candidate;
        try {
            Map<String, Object> p = payload(signed);
            if (!"key-set".equals(p.get("type"))) {
                throw new ParseException("type is not key-set", 0);
            }
            candidate = new KeySet(
                    issuer(p),
                    positive(p, "version"),
                    positive(p, "rootVersion"),
                    Instant.ofEpochSecond(number(p, "iat")),
                    Instant.ofEpochSecond(number(p, "exp")),
                    keys(p.get("keys"), true, false),
                    document.trim(),
                    signed.getPayload().toBase64URL().toString());
        } catch (ParseException | RuntimeException e) {
            throw new BundleRejectedException(KEY_SET_UNTRUSTED, "key set is invalid: " + e.getMessage());
        }
        if (candidate.rootVersion < root.version) {
            throw new BundleRejectedException(
                    ROOT_ROLLBACK,
                    "key set version " + candidate.version
                            + " is signed under root version " + candidate.rootVersion
                            + ", older than the held root version "
                            + root.version);
        }
        if (candidate.rootVersion != root.version) {
            throw new BundleRejectedException(
                    KEY_SET_UNTRUSTED,
                    "key set names root version " + candidate.rootVersion + ", the held root is version "
                            + root.version);
        }
        if (root.issuer != null && !root.issuer.equals(candidate.issuer)) {
            throw new BundleRejectedException(
                    KEY_SET_UNTRUSTED,
                    "key set issuer " + candidate.issuer + " is not the root's issuer " + root.issuer);
        }
        requireThreshold(
                signed,
                KEY_SET_TYPE,
                root.keys,
                root.threshold,
                KEY_SET_UNTRUSTED,
                "key set version " + candidate.version);
        KeySet result = candidate;
        if (held != null && held.document != null) {
            if (candidate.version < held.version) {
                throw new BundleRejectedException(
                        KEY_SET_ROLLBACK,
                        "key set version " + candidate.version + " is lower than the held version " + held.version);
            }
            if (candidate.version == held.version && !candidate.payload.equals(held.payload)) {
                throw new BundleRejectedException(
                        KEY_SET_ROLLBACK,
                        "key set version " + candidate.version + " differs from the held key set of the same version");
            }
            if (candidate.issuedAt.isBefore(held.issuedAt)) {
                throw new BundleRejectedException(
                        KEY_SET_ROLLBACK,
                        "key set version " + candidate.version + " was issued at " + candidate.issuedAt
                                + ", before the held one (" + held.issuedAt + ")");
            }
            if (candidate.version == held.version) {
                result = held; // the same key set again
            }
        }
        if (now != null && !now.isBefore(result.expiresAt)) {
            throw new BundleRejectedException(
                    KEY_SET_EXPIRED, "key set version " + result.version + " expired at " + result.expiresAt);
        }
        if (now != null && root.expiresAt != null && !now.isBefore(root.expiresAt)) {
            throw new BundleRejectedException(
                    KEY_SET_EXPIRED,
                    "root version " + root.version + " expired at " + root.expiresAt
                            + "; no key set is accepted under it");
        }
        return result;
    }

    /** The {@code rootVersion} a key set claims, before it is verified (to know how far to walk the root chain); 0 when unreadable. */
    static long claimedRootVersion(String document) {
        try {
            Object value = JWSObjectJSON.parse(document.trim())
                    .getPayload()
                    .toJSONObject()
                    .get("rootVersion");
            return value instanceof Long || value instanceof Integer ? ((Number) value).longValue() : 0;
        } catch (ParseException | RuntimeException e) {
            return 0;
        }
    }

    // ---- signatures

    private static JWSObjectJSON parse(String document, BundleRejectedException.Reason reason, String what)
            throws BundleRejectedException {
        try {
            JWSObjectJSON signed = JWSObjectJSON.parse(document.trim());
            if (signed.getSignatures().isEmpty()) {
                throw new ParseException("no signatures", 0);
            }
            return signed;
        } catch (ParseException | RuntimeException e) {
            throw new BundleRejectedException(reason, what + " is not a JWS in the general JSON serialization");
        }
    }

    private static void requireThreshold(
            JWSObjectJSON signed,
            JOSEObjectType type,
            Map<String, ECKey> keys,
            int threshold,
            BundleRejectedException.Reason reason,
            String what)
            throws BundleRejectedException {
        int count = count(signers(signed, type, keys, reason, what), keys);
        if (count < threshold) {
            throw new BundleRejectedException(
                    reason, what + " is signed by " + count + " trusted root key(s), the threshold is " + threshold);
        }
    }

    /** The distinct kids of {@code keys} that signed; throws when a signature claiming one of them does not verify. */
    private static Set<String> signers(
            JWSObjectJSON signed,
            JOSEObjectType type,
            Map<String, ECKey> keys,
            BundleRejectedException.Reason reason,
            String what)
            throws BundleRejectedException {
        Set<String> signers = new HashSet<>();
        for (JWSObjectJSON.Signature signature : signed.getSignatures()) {
            JWSHeader header = signature.getHeader();
            String kid = header == null ? null : header.getKeyID();
            ECKey key = kid == null ? null : keys.get(kid);
            if (key == null) {
                continue; // a key this client does not trust: ignored
            }
            boolean valid;
            try {
                valid = JWSAlgorithm.ES256.equals(header.getAlgorithm())
                        && type.equals(header.getType())
                        && (header.getCriticalParams() == null
                                || header.getCriticalParams().isEmpty())
                        && signature.verify(new ECDSAVerifier(key));
            } catch (JOSEException | RuntimeException e) {
                valid = false;
            }
            if (!valid) {
                throw new BundleRejectedException(
                        reason,
                        what + ": the signature by trusted key " + kid + " does not verify (forged or altered)");
            }
            signers.add(kid);
        }
        return signers;
    }

    private static int count(Set<String> signers, Map<String, ECKey> keys) {
        int n = 0;
        for (String kid : signers) {
            if (keys.containsKey(kid)) {
                n++;
            }
        }
        return n;
    }

    // ---- payload fields

    private static Map<String, Object> payload(JWSObjectJSON signed) throws ParseException {
        Map<String, Object> payload = signed.getPayload().toJSONObject();
        if (payload == null) {
            throw new ParseException("payload is not a JSON object", 0);
        }
        return payload;
    }

    /**
     * Distinct P-256 public signing keys by kid; every kid must be the key's RFC 7638 thumbprint
     * ({@code kidOptional}: a missing kid is computed). Key-set keys need a {@code state}.
     */
    static Map<String, ECKey> keys(Object value, boolean withState, boolean kidOptional) throws ParseException {
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw new ParseException("keys must be a non-empty array", 0);
        }
        Map<String, ECKey> keys = new LinkedHashMap<>();
        for (Object entry : list) {
            if (!(entry instanceof Map<?, ?> raw)) {
                throw new ParseException("a key must be an object", 0);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) raw;
            JWK jwk = JWK.parse(map);
            if (!(jwk instanceof ECKey ec) || !Curve.P_256.equals(ec.getCurve())) {
                throw new ParseException("every key must be an EC P-256 key", 0);
            }
            if (jwk.isPrivate()) {
                throw new ParseException("a key holds private key material", 0);
            }
            if ((jwk.getAlgorithm() != null && !JWSAlgorithm.ES256.equals(jwk.getAlgorithm()))
                    || (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse()))) {
                throw new ParseException("every key must be an ES256 signing key", 0);
            }
            String thumbprint;
            try {
                thumbprint = ec.computeThumbprint().toString();
            } catch (JOSEException e) {
                throw new ParseException("cannot compute a key's thumbprint", 0);
            }
            String kid = jwk.getKeyID();
            if ((kid == null && !kidOptional) || (kid != null && !kid.equals(thumbprint))) {
                throw new ParseException("kid " + kid + " is not the key's RFC 7638 thumbprint " + thumbprint, 0);
            }
            if (withState && !Arrays.asList("next", "active", "retired").contains(map.get("state"))) {
                throw new ParseException("key " + thumbprint + " has no state next, active or retired", 0);
            }
            if (keys.put(thumbprint, ec.toPublicJWK()) != null) {
                throw new ParseException("key " + thumbprint + " is listed twice", 0);
            }
        }
        return keys;
    }

    private static String issuer(Map<String, Object> p) throws ParseException {
        if (!(p.get("iss") instanceof String iss) || iss.isEmpty()) {
            throw new ParseException("iss must be a non-empty string", 0);
        }
        return iss;
    }

    private static long positive(Map<String, Object> p, String name) throws ParseException {
        long value = number(p, name);
        if (value < 1) {
            throw new ParseException(name + " must be at least 1", 0);
        }
        return value;
    }

    private static long number(Map<String, Object> p, String name) throws ParseException {
        Object value = p.get(name);
        if (value instanceof Long || value instanceof Integer) {
            return ((Number) value).longValue();
        }
        throw new ParseException(name + " must be an integer", 0);
    }
}
