package dev.pinwheel.client.e2e;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.pinwheel.client.TestTrust;
import dev.pinwheel.client.e2e.PinwheelService.Answer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The root-key holders of the end-to-end proof, working offline the way the operator tool does:
 * root keys made here with Nimbus (never given to the service), root versions and key-set
 * endorsements signed here in the general JWS JSON serialization and uploaded through the admin API
 * ({@code POST /admin/v1/trust/roots}, {@code GET /admin/v1/trust/key-set/proposal},
 * {@code POST /admin/v1/trust/key-set/signatures}). The service verifies every upload itself.
 */
final class TrustCeremony {

    private final PinwheelService service;
    private List<ECKey> keys;
    private int threshold;
    private int version;
    private final String firstRootJwks;
    private final int firstThreshold;

    private TrustCeremony(PinwheelService service, List<ECKey> keys, int threshold) {
        this.service = service;
        this.keys = keys;
        this.threshold = threshold;
        this.firstRootJwks = jwks(keys);
        this.firstThreshold = threshold;
    }

    /** Root version 1 ({@code count} keys, {@code threshold}) uploaded, then the first key set endorsed. */
    static TrustCeremony begin(PinwheelService service, int count, int threshold) {
        TrustCeremony ceremony = new TrustCeremony(service, newKeys(count), threshold);
        ceremony.version = 1;
        service.upload(
                        "/admin/v1/trust/roots",
                        ceremony.signRoot(1, ceremony.keys, threshold, ceremony.keys.subList(0, threshold)))
                .expect(201);
        ceremony.endorseKeySet();
        return ceremony;
    }

    /** What an app ships: the public keys of root version 1 (a JWKS). */
    String rootVersion1Jwks() {
        return firstRootJwks;
    }

    int rootVersion1Threshold() {
        return firstThreshold;
    }

    int rootVersion() {
        return version;
    }

    List<ECKey> keys() {
        return keys;
    }

    /** Signs the service's current key-set proposal with a threshold of the current root keys and uploads it; the new key set's version. */
    long endorseKeySet() {
        Answer proposal = service.get("/admin/v1/trust/key-set/proposal").expect(200);
        byte[] payload = new Base64URL(proposal.string("payload")).decode();
        Answer endorsed = service.upload(
                        "/admin/v1/trust/key-set/signatures",
                        TestTrust.sign(payload, "pinwheel-key-set+jws", keys.subList(0, threshold)))
                .expect(201);
        return ((Number) endorsed.body().get("version")).longValue();
    }

    /**
     * Root version {@code N+1} with {@code next} keys and {@code nextThreshold}, signed by a threshold
     * of version N and a threshold of its own, uploaded; then a key set endorsed by the new root.
     */
    long rotateRoot(List<ECKey> next, int nextThreshold) {
        List<ECKey> signers = new ArrayList<>(keys.subList(0, threshold));
        for (ECKey key : next.subList(0, nextThreshold)) {
            if (!signers.contains(key)) {
                signers.add(key);
            }
        }
        int nextVersion = version + 1;
        service.upload("/admin/v1/trust/roots", signRoot(nextVersion, next, nextThreshold, signers))
                .expect(201);
        keys = next;
        threshold = nextThreshold;
        version = nextVersion;
        return endorseKeySet();
    }

    static List<ECKey> newKeys(int count) {
        List<ECKey> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            try {
                ECKey key = new ECKeyGenerator(Curve.P_256).generate();
                list.add(new ECKey.Builder(key).keyIDFromThumbprint().build());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return list;
    }

    private String signRoot(int rootVersion, List<ECKey> rootKeys, int rootThreshold, List<ECKey> signers) {
        Instant now = Instant.now();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", "root");
        p.put("iss", service.base);
        p.put("version", rootVersion);
        p.put("iat", now.getEpochSecond());
        p.put("exp", now.plusSeconds(365L * 86400).getEpochSecond());
        p.put("threshold", rootThreshold);
        List<Object> jwks = new ArrayList<>();
        for (ECKey key : rootKeys) {
            Map<String, Object> jwk = new LinkedHashMap<>(key.toPublicJWK().toJSONObject());
            jwk.put("alg", "ES256");
            jwk.put("use", "sig");
            jwks.add(jwk);
        }
        p.put("keys", jwks);
        return TestTrust.sign(
                JSONObjectUtils.toJSONString(p).getBytes(StandardCharsets.UTF_8), "pinwheel-root+jws", signers);
    }

    private static String jwks(List<ECKey> keys) {
        List<JWK> pub = new ArrayList<>();
        for (ECKey key : keys) {
            pub.add(key.toPublicJWK());
        }
        return new JWKSet(pub).toString();
    }
}
