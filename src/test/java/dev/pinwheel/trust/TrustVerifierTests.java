package dev.pinwheel.trust;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.pinwheel.core.ProblemException;
import dev.pinwheel.core.ProblemType;
import dev.pinwheel.support.TrustDocuments;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules of {@link TrustVerifier}, attack by attack, on documents made with Nimbus's own JWS JSON code. */
class TrustVerifierTests {

    static final String ISS = "https://pins.example.test";
    final ECKey a = TrustDocuments.rootKey();
    final ECKey b = TrustDocuments.rootKey();
    final ECKey c = TrustDocuments.rootKey();
    final ECKey d = TrustDocuments.rootKey();

    @Test
    void acceptsRootVersion1SignedByItsThresholdAndIgnoresUnknownKids() {
        String doc = TrustDocuments.root(ISS, 1, 2, List.of(a, b, c), List.of(TrustDocuments.rootKey(), a, c));
        TrustVerifier.RootVersion root = TrustVerifier.verifyRoot(doc, null);
        assertThat(root.version()).isEqualTo(1);
        assertThat(root.threshold()).isEqualTo(2);
        assertThat(root.keys()).containsOnlyKeys(a.getKeyID(), b.getKeyID(), c.getKeyID());
        assertThat(root.document()).isEqualTo(doc);
    }

    @Test
    void rejectsRootVersion1BelowItsThreshold() {
        assertRefused(
                () -> TrustVerifier.verifyRoot(TrustDocuments.root(ISS, 1, 2, List.of(a, b), List.of(a)), null),
                ProblemType.TRUST_THRESHOLD_NOT_MET);
    }

    @Test
    void rejectsTheSameKeySigningTwiceAsTwoSignatures() {
        assertRefused(
                () -> TrustVerifier.verifyRoot(TrustDocuments.root(ISS, 1, 2, List.of(a, b), List.of(a, a)), null),
                ProblemType.TRUST_THRESHOLD_NOT_MET);
    }

    @Test
    void rejectsNewRootSignedOnlyByItsOwnKeys() {
        TrustVerifier.RootVersion v1 =
                TrustVerifier.verifyRoot(TrustDocuments.root(ISS, 1, 1, List.of(a), List.of(a)), null);
        assertRefused(
                () -> TrustVerifier.verifyRoot(TrustDocuments.root(ISS, 2, 1, List.of(b), List.of(b)), v1),
                ProblemType.TRUST_THRESHOLD_NOT_MET);
    }

    @Test
    void rejectsNewRootSignedOnlyByThePreviousKeys() {
        TrustVerifier.RootVersion v1 =
                TrustVerifier.verifyRoot(TrustDocuments.root(ISS, 1, 1, List.of(a), List.of(a)), null);
        assertRefused(
                () -> TrustVerifier.verifyRoot(TrustDocuments.root(ISS, 2, 1, List.of(b), List.of(a)), v1),
                ProblemType.TRUST_THRESHOLD_NOT_MET);
    }

    @Test
    void acceptsNewRootSignedByBothThresholds() {
        TrustVerifier.RootVersion v1 =
                TrustVerifier.verifyRoot(TrustDocuments.root(ISS, 1, 1, List.of(a), List.of(a)), null);
        TrustVerifier.RootVersion v2 =
                TrustVerifier.verifyRoot(TrustDocuments.root(ISS, 2, 2, List.of(b, c, d), List.of(a, b, d)), v1);
        assertThat(v2.version()).isEqualTo(2);
    }

    @Test
    void rejectsRootChainWithAGapAndRootVersionRollback() {
        TrustVerifier.RootVersion v1 =
                TrustVerifier.verifyRoot(TrustDocuments.root(ISS, 1, 1, List.of(a), List.of(a)), null);
        assertRefused(
                () -> TrustVerifier.verifyRoot(TrustDocuments.root(ISS, 3, 1, List.of(b), List.of(a, b)), v1),
                ProblemType.TRUST_VERSION);
        assertRefused(
                () -> TrustVerifier.verifyRoot(TrustDocuments.root(ISS, 1, 1, List.of(b), List.of(a, b)), v1),
                ProblemType.TRUST_VERSION);
        assertRefused(
                () -> TrustVerifier.verifyRoot(TrustDocuments.root(ISS, 2, 1, List.of(b), List.of(a, b)), null),
                ProblemType.TRUST_VERSION);
    }

    @Test
    void rejectsForgedSignatureOnOneOfSeveralRootSignatures() throws Exception {
        TrustVerifier.RootVersion v1 =
                TrustVerifier.verifyRoot(TrustDocuments.root(ISS, 1, 1, List.of(a, b), List.of(a)), null);
        String forged = swapSignature(TrustDocuments.root(ISS, 2, 1, List.of(c), List.of(a, b, c)), 1, 0);
        ProblemException e =
                assertRefused(() -> TrustVerifier.verifyRoot(forged, v1), ProblemType.TRUST_SIGNATURE_INVALID);
        assertThat(e.extensions()).containsEntry("kid", b.getKeyID());
    }

    @Test
    void rejectsIssuerChangeAcrossRootVersions() {
        TrustVerifier.RootVersion v1 =
                TrustVerifier.verifyRoot(TrustDocuments.root(ISS, 1, 1, List.of(a), List.of(a)), null);
        assertRefused(
                () -> TrustVerifier.verifyRoot(
                        TrustDocuments.root("https://other.test", 2, 1, List.of(a), List.of(a)), v1),
                ProblemType.TRUST_DOCUMENT_INVALID);
    }

    @Test
    void rejectsKeySetSignedByNonRootKeyAndBelowThreshold() {
        TrustVerifier.RootVersion root =
                TrustVerifier.verifyRoot(TrustDocuments.root(ISS, 1, 2, List.of(a, b, c), List.of(a, b)), null);
        byte[] payload = keySet(1, 1, List.of(d)).getBytes(StandardCharsets.UTF_8);
        assertRefused(
                () -> TrustVerifier.verifyKeySet(
                        TrustDocuments.sign(payload, TrustDocuments.KEY_SET_TYPE, List.of(d, TrustDocuments.rootKey())),
                        root),
                ProblemType.TRUST_THRESHOLD_NOT_MET);
        assertRefused(
                () -> TrustVerifier.verifyKeySet(
                        TrustDocuments.sign(payload, TrustDocuments.KEY_SET_TYPE, List.of(c)), root),
                ProblemType.TRUST_THRESHOLD_NOT_MET);
        TrustVerifier.KeySet ok = TrustVerifier.verifyKeySet(
                TrustDocuments.sign(payload, TrustDocuments.KEY_SET_TYPE, List.of(c, a)), root);
        assertThat(ok.kids()).containsExactly(d.getKeyID());
        assertThat(ok.payload()).isEqualTo(payload);
    }

    @Test
    void rejectsKeySetVersionRollbackReplayAndEarlierIat() {
        TrustVerifier.RootVersion root =
                TrustVerifier.verifyRoot(TrustDocuments.root(ISS, 1, 1, List.of(a), List.of(a)), null);
        TrustVerifier.KeySet v5 = signedKeySet(root, 5, Instant.now());
        assertRefused(
                () -> TrustVerifier.requireNewer(signedKeySet(root, 4, Instant.now()), v5), ProblemType.TRUST_VERSION);
        assertRefused(() -> TrustVerifier.requireNewer(v5, v5), ProblemType.TRUST_VERSION);
        assertRefused(
                () -> TrustVerifier.requireNewer(
                        signedKeySet(root, 6, Instant.now().minusSeconds(3600)), v5),
                ProblemType.TRUST_VERSION);
        TrustVerifier.requireNewer(signedKeySet(root, 6, Instant.now()), v5);
    }

    @Test
    void rejectsExpiredKeySetReplayed() {
        Instant now = Instant.now();
        assertRefused(
                () -> TrustVerifier.requireFresh("The key set", now.minusSeconds(1), now),
                ProblemType.TRUST_DOCUMENT_EXPIRED);
        TrustVerifier.requireFresh("The key set", now.plusSeconds(1), now);
    }

    @Test
    void rejectsKeySetForAnotherRootVersionOrIssuer() {
        TrustVerifier.RootVersion root =
                TrustVerifier.verifyRoot(TrustDocuments.root(ISS, 1, 1, List.of(a), List.of(a)), null);
        assertRefused(
                () -> TrustVerifier.verifyKeySet(
                        TrustDocuments.sign(
                                keySet(1, 2, List.of(d)).getBytes(StandardCharsets.UTF_8),
                                TrustDocuments.KEY_SET_TYPE,
                                List.of(a)),
                        root),
                ProblemType.TRUST_VERSION);
        String foreign = keySet(1, 1, List.of(d)).replace(ISS, "https://evil.test");
        assertRefused(
                () -> TrustVerifier.verifyKeySet(
                        TrustDocuments.sign(
                                foreign.getBytes(StandardCharsets.UTF_8), TrustDocuments.KEY_SET_TYPE, List.of(a)),
                        root),
                ProblemType.TRUST_DOCUMENT_INVALID);
    }

    @Test
    void rejectsMalformedDocuments() {
        TrustVerifier.RootVersion root =
                TrustVerifier.verifyRoot(TrustDocuments.root(ISS, 1, 1, List.of(a), List.of(a)), null);
        String good = TrustDocuments.sign(
                keySet(1, 1, List.of(d)).getBytes(StandardCharsets.UTF_8), TrustDocuments.KEY_SET_TYPE, List.of(a));
        // a root presented as key set (typ), an unprotected header, extra members, no signatures, alg none
        assertRefused(
                () -> TrustVerifier.verifyKeySet(TrustDocuments.root(ISS, 1, 1, List.of(a), List.of(a)), root),
                ProblemType.TRUST_DOCUMENT_INVALID);
        assertRefused(
                () -> TrustVerifier.verifyKeySet(good.replace("\"protected\"", "\"header\":{},\"protected\""), root),
                ProblemType.TRUST_DOCUMENT_INVALID);
        assertRefused(
                () -> TrustVerifier.verifyKeySet(good.replaceFirst("\\{", "{\"extra\":1,"), root),
                ProblemType.TRUST_DOCUMENT_INVALID);
        assertRefused(
                () -> TrustVerifier.verifyKeySet("{\"payload\":\"e30\",\"signatures\":[]}", root),
                ProblemType.TRUST_DOCUMENT_INVALID);
        String none = Base64URL.encode("{\"alg\":\"none\",\"kid\":\"" + a.getKeyID() + "\",\"typ\":\""
                        + TrustDocuments.KEY_SET_TYPE + "\"}")
                .toString();
        assertRefused(
                () -> TrustVerifier.verifyKeySet(
                        "{\"payload\":\"e30\",\"signatures\":[{\"protected\":\"" + none + "\",\"signature\":\"AA\"}]}",
                        root),
                ProblemType.TRUST_DOCUMENT_INVALID);
        assertRefused(() -> TrustVerifier.verifyKeySet("[]", root), ProblemType.TRUST_DOCUMENT_INVALID);
    }

    @Test
    void rejectsPrivateKeyMaterialAndBadStates() {
        Map<String, Object> p = parseJson(keySet(1, 1, List.of(d)));
        @SuppressWarnings("unchecked")
        Map<String, Object> key = (Map<String, Object>) ((List<Object>) p.get("keys")).get(0);
        key.put("d", d.getD().toString());
        TrustVerifier.RootVersion root =
                TrustVerifier.verifyRoot(TrustDocuments.root(ISS, 1, 1, List.of(a), List.of(a)), null);
        assertRefused(
                () -> TrustVerifier.verifyKeySet(
                        TrustDocuments.sign(
                                JSONObjectUtils.toJSONString(p).getBytes(StandardCharsets.UTF_8),
                                TrustDocuments.KEY_SET_TYPE,
                                List.of(a)),
                        root),
                ProblemType.TRUST_DOCUMENT_INVALID);
        key.remove("d");
        key.put("state", "compromised");
        assertRefused(
                () -> TrustVerifier.verifyKeySet(
                        TrustDocuments.sign(
                                JSONObjectUtils.toJSONString(p).getBytes(StandardCharsets.UTF_8),
                                TrustDocuments.KEY_SET_TYPE,
                                List.of(a)),
                        root),
                ProblemType.TRUST_DOCUMENT_INVALID);
    }

    private TrustVerifier.KeySet signedKeySet(TrustVerifier.RootVersion root, long version, Instant iat) {
        Map<String, Object> p = parseJson(keySet(version, 1, List.of(d)));
        p.put("iat", iat.getEpochSecond());
        return TrustVerifier.verifyKeySet(
                TrustDocuments.sign(
                        JSONObjectUtils.toJSONString(p).getBytes(StandardCharsets.UTF_8),
                        TrustDocuments.KEY_SET_TYPE,
                        List.of(a)),
                root);
    }

    private static String keySet(long version, int rootVersion, List<ECKey> keys) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", "key-set");
        p.put("iss", ISS);
        p.put("version", version);
        p.put("rootVersion", rootVersion);
        p.put("iat", Instant.now().getEpochSecond());
        p.put("exp", Instant.now().plusSeconds(86400).getEpochSecond());
        List<Map<String, Object>> list = new ArrayList<>();
        for (ECKey k : keys) {
            Map<String, Object> jwk = new LinkedHashMap<>(k.toPublicJWK().toJSONObject());
            jwk.put("state", "active");
            list.add(jwk);
        }
        p.put("keys", list);
        return JSONObjectUtils.toJSONString(p);
    }

    private static Map<String, Object> parseJson(String json) {
        try {
            return JSONObjectUtils.parse(json);
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Puts signature {@code from}'s value into signature {@code into} (a valid signature, wrong key). */
    private static String swapSignature(String doc, int into, int from) throws Exception {
        Map<String, Object> top = JSONObjectUtils.parse(doc);
        List<Object> sigs = new ArrayList<>((List<?>) top.get("signatures"));
        @SuppressWarnings("unchecked")
        Map<String, Object> target = new LinkedHashMap<>((Map<String, Object>) sigs.get(into));
        target.put("signature", ((Map<?, ?>) sigs.get(from)).get("signature"));
        sigs.set(into, target);
        top.put("signatures", sigs);
        return JSONObjectUtils.toJSONString(top);
    }

    private static ProblemException assertRefused(Runnable action, ProblemType type) {
        try {
            action.run();
        } catch (ProblemException e) {
            assertThat(e.type()).as(e.detail()).isEqualTo(type);
            assertThat(e.detail()).isNotBlank();
            return e;
        }
        throw new AssertionError("expected a " + type + " refusal");
    }
}
