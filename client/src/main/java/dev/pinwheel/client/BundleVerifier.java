package dev.pinwheel.client;

import static dev.pinwheel.client.BundleRejectedException.Reason.ALGORITHM_NOT_ALLOWED;
import static dev.pinwheel.client.BundleRejectedException.Reason.BAD_SIGNATURE;
import static dev.pinwheel.client.BundleRejectedException.Reason.MALFORMED;
import static dev.pinwheel.client.BundleRejectedException.Reason.UNKNOWN_KEY;
import static dev.pinwheel.client.BundleRejectedException.Reason.WRONG_AUDIENCE;
import static dev.pinwheel.client.BundleRejectedException.Reason.WRONG_ISSUER;
import static dev.pinwheel.client.BundleRejectedException.Reason.WRONG_TYPE;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a bundle's signature and reads its claims. Time and sequence rules are applied by
 * {@link PinwheelClient}; this class answers only "was this signed for us by a key the verified
 * key set lists".
 *
 * <p><strong>Warning:</strong> the algorithm is fixed to ES256 and the key is chosen only from
 * the verified key set by {@code kid}; the header never chooses the algorithm or brings a key.
 */
final class BundleVerifier {

    static final JOSEObjectType BUNDLE_TYPE = new JOSEObjectType("pinwheel-bundle+jwt");

    private final String appId;

    BundleVerifier(String appId) {
        this.appId = appId;
    }

    /**
     * Keys trusted directly from a JWKS (deprecated tooling path, no root): its P-256 keys with a kid.
     */
    static KeySet directKeys(String jwks) {
        JWKSet set;
        try {
            set = JWKSet.parse(jwks);
        } catch (ParseException e) {
            throw new IllegalArgumentException("the trusted JWKS is not a JSON Web Key Set: " + e.getMessage());
        }
        Map<String, ECKey> keys = new java.util.HashMap<>();
        for (JWK jwk : set.getKeys()) {
            if (jwk instanceof ECKey ec
                    && Curve.P_256.equals(ec.getCurve())
                    && jwk.getKeyID() != null
                    && (jwk.getAlgorithm() == null || JWSAlgorithm.ES256.equals(jwk.getAlgorithm()))
                    && (jwk.getKeyUse() == null || KeyUse.SIGNATURE.equals(jwk.getKeyUse()))) {
                keys.put(jwk.getKeyID(), ec.toPublicJWK());
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("the trusted JWKS holds no P-256 signing key with a kid");
        }
        return KeySet.direct(keys);
    }

    /** Parses a compact JWS bundle and checks its header's alg (ES256) and typ; the signature is checked by {@link #verify}. */
    JWSObject parse(String compactJws) throws BundleRejectedException {
        String jws = compactJws.trim();
        JWSObject object;
        try {
            object = JWSObject.parse(jws);
        } catch (ParseException | RuntimeException e) {
            if (jws.startsWith("eyJ") && jws.split("\\.", -1).length == 3 && looksLikeUnsecured(jws)) {
                throw new BundleRejectedException(ALGORITHM_NOT_ALLOWED, "bundle is unsecured (alg none)");
            }
            throw new BundleRejectedException(MALFORMED, "bundle is not a compact JWS");
        }
        if (!JWSAlgorithm.ES256.equals(object.getHeader().getAlgorithm())) {
            throw new BundleRejectedException(
                    ALGORITHM_NOT_ALLOWED,
                    "bundle algorithm " + object.getHeader().getAlgorithm() + " is not ES256");
        }
        if (!BUNDLE_TYPE.equals(object.getHeader().getType())) {
            throw new BundleRejectedException(WRONG_TYPE, "bundle typ is not pinwheel-bundle+jwt");
        }
        return object;
    }

    Bundle verify(String compactJws, KeySet keySet) throws BundleRejectedException {
        return verify(parse(compactJws), keySet);
    }

    /** Verifies a parsed bundle with the key the verified {@code keySet} lists for its kid, and reads its claims. */
    Bundle verify(JWSObject object, KeySet keySet) throws BundleRejectedException {
        String jws = object.getParsedString();
        String kid = object.getHeader().getKeyID();
        ECKey key = kid == null || keySet == null ? null : keySet.keys.get(kid);
        if (key == null) {
            throw new BundleRejectedException(
                    UNKNOWN_KEY,
                    "bundle is signed with a key "
                            + (keySet == null ? "while no verified key set is held" : "not listed by the " + keySet)
                            + ": " + (kid == null ? "no kid" : "kid " + kid));
        }
        try {
            if (!object.verify(new ECDSAVerifier(key))) {
                throw new BundleRejectedException(BAD_SIGNATURE, "bundle signature does not verify with kid " + kid);
            }
        } catch (JOSEException | RuntimeException e) {
            throw new BundleRejectedException(BAD_SIGNATURE, "bundle signature does not verify with kid " + kid);
        }
        Map<String, Object> claims = object.getPayload().toJSONObject();
        if (claims == null) {
            throw new BundleRejectedException(MALFORMED, "bundle payload is not a JSON object");
        }
        Bundle bundle;
        try {
            bundle = read(jws, claims);
        } catch (ParseException | RuntimeException e) {
            throw new BundleRejectedException(MALFORMED, "bundle payload is invalid: " + e.getMessage());
        }
        if (keySet.issuer != null && !keySet.issuer.equals(bundle.issuer())) {
            throw new BundleRejectedException(
                    WRONG_ISSUER, "bundle issuer " + bundle.issuer() + " is not the key set's issuer " + keySet.issuer);
        }
        return bundle;
    }

    private static boolean looksLikeUnsecured(String jws) {
        try {
            String header = new String(
                    Base64.getUrlDecoder().decode(jws.substring(0, jws.indexOf('.'))),
                    java.nio.charset.StandardCharsets.UTF_8);
            return header.replace(" ", "").contains("\"alg\":\"none\"");
        } catch (RuntimeException e) {
            return false;
        }
    }

    private Bundle read(String jws, Map<String, Object> claims) throws ParseException, BundleRejectedException {
        Object aud = claims.get("aud");
        boolean ours = aud instanceof String s ? s.equals(appId) : aud instanceof List<?> list && list.contains(appId);
        if (!ours) {
            throw new BundleRejectedException(WRONG_AUDIENCE, "bundle is for audience " + aud + ", not " + appId);
        }
        long seq = requireLong(claims, "seq");
        long iat = requireLong(claims, "iat");
        long exp = requireLong(claims, "exp");
        long poll = requireLong(claims, "pollIntervalSeconds");
        long maxStale = requireLong(claims, "maxStaleSeconds");
        if (seq < 1 || poll < 1 || maxStale < 0 || exp < iat) {
            throw new ParseException("seq, pollIntervalSeconds, maxStaleSeconds or exp out of range", 0);
        }
        Object iss = claims.get("iss");
        Object reportUri = claims.get("reportUri");
        if ((iss != null && !(iss instanceof String)) || (reportUri != null && !(reportUri instanceof String))) {
            throw new ParseException("iss and reportUri must be strings", 0);
        }
        Object domainsValue = claims.get("domains");
        if (!(domainsValue instanceof List<?> domainList)) {
            throw new ParseException("domains must be an array", 0);
        }
        List<DomainPins> domains = new ArrayList<>();
        for (Object entry : domainList) {
            if (!(entry instanceof Map<?, ?> raw)) {
                throw new ParseException("a domain must be an object", 0);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> domain = (Map<String, Object>) raw;
            domains.add(readDomain(domain));
        }
        return new Bundle(
                jws,
                (String) iss,
                appId,
                seq,
                Instant.ofEpochSecond(iat),
                Instant.ofEpochSecond(exp),
                poll,
                maxStale,
                (String) reportUri,
                domains);
    }

    private static DomainPins readDomain(Map<String, Object> domain) throws ParseException {
        Object host = domain.get("host");
        Object include = domain.get("includeSubdomains");
        Object mode = domain.get("mode");
        Object pins = domain.get("pins");
        if (!(host instanceof String h)
                || h.isEmpty()
                || !(mode instanceof String m)
                || (include != null && !(include instanceof Boolean))
                || !(pins instanceof List<?> pinList)) {
            throw new ParseException("a domain needs host, mode and pins", 0);
        }
        Set<String> hashes = new LinkedHashSet<>();
        for (Object pin : pinList) {
            if (!(pin instanceof Map<?, ?> p) || !(p.get("sha256") instanceof String sha)) {
                throw new ParseException("a pin needs sha256", 0);
            }
            hashes.add(Pins.canonical(sha));
        }
        if (hashes.isEmpty()) {
            throw new ParseException("domain " + h + " has no pins", 0);
        }
        long version = domain.get("pinSetVersion") instanceof Number n ? n.longValue() : 0;
        return new DomainPins(Hosts.normalize(h), Boolean.TRUE.equals(include), PinMode.parse(m), version, hashes);
    }

    private static long requireLong(Map<String, Object> claims, String name) throws ParseException {
        Object value = claims.get(name);
        if (value instanceof Long || value instanceof Integer) {
            return ((Number) value).longValue();
        }
        throw new ParseException(name + " must be an integer", 0);
    }
}
