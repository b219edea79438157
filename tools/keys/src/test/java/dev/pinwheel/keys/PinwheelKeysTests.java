package dev.pinwheel.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSObjectJSON;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tool as an operator runs it: every command through {@link PinwheelKeys#run}, with passphrases from
 * a file or the environment, and the documents it writes checked with Nimbus's own JWS JSON code.
 * Refusals exit 1 with one line; usage errors exit 2; no passphrase is ever printed.
 */
class PinwheelKeysTests {

    static final String PASSPHRASE = "correct horse battery staple";
    static final String ISSUER = "https://pins.example.test";

    @TempDir
    Path dir;

    Path passFile;
    ByteArrayOutputStream out;
    ByteArrayOutputStream err;
    Map<String, String> env;

    @BeforeEach
    void setUp() throws Exception {
        passFile = Files.writeString(dir.resolve("pass.txt"), PASSPHRASE + "\n");
        env = new LinkedHashMap<>();
    }

    int run(String... args) {
        out = new ByteArrayOutputStream();
        err = new ByteArrayOutputStream();
        int status = new PinwheelKeys(
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        env::get,
                        null)
                .run(args);
        assertThat(out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8))
                .doesNotContain(PASSPHRASE)
                .doesNotContain("PRIVATE KEY");
        return status;
    }

    String errText() {
        return err.toString(StandardCharsets.UTF_8);
    }

    Path init(String sub, int keys, int threshold) {
        Path d = dir.resolve(sub);
        assertThat(run(
                        "init",
                        "--issuer",
                        ISSUER,
                        "--keys",
                        "" + keys,
                        "--threshold",
                        "" + threshold,
                        "--out",
                        d.toString(),
                        "--passphrase-file",
                        passFile.toString()))
                .as(errText())
                .isZero();
        return d;
    }

    @Test
    void initWritesEncryptedKeyFilesAndARootVersion1SignedByEveryKey() throws Exception {
        Path d = init("ceremony", 3, 2);
        String pem = Files.readString(d.resolve("root-key-1.pem"));
        assertThat(pem).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        assertThat(Files.getPosixFilePermissions(d.resolve("root-key-1.pem")).toString())
                .isEqualTo("[OWNER_READ, OWNER_WRITE]");

        String root = Files.readString(d.resolve("root-1.json"));
        JWSObjectJSON jws = JWSObjectJSON.parse(root);
        Map<String, Object> payload = jws.getPayload().toJSONObject();
        assertThat(payload)
                .containsEntry("type", "root")
                .containsEntry("iss", ISSUER)
                .containsEntry("version", 1L)
                .containsEntry("threshold", 2L);
        List<ECKey> keys = keys(payload);
        assertThat(jws.getSignatures()).hasSize(3);
        for (JWSObjectJSON.Signature s : jws.getSignatures()) {
            ECKey key = keys.stream()
                    .filter(k -> k.getKeyID().equals(s.getHeader().getKeyID()))
                    .findFirst()
                    .orElseThrow();
            assertThat(s.verify(new ECDSAVerifier(key))).isTrue();
            assertThat(s.getHeader().toJSONObject()).containsOnlyKeys("alg", "kid", "typ");
            assertThat(key.computeThumbprint().toString()).isEqualTo(key.getKeyID());
        }
        assertThat(KeyFiles.read(d.resolve("root-key-2.pem"), PASSPHRASE.toCharArray())
                        .getKeyID())
                .isEqualTo(keys.get(1).getKeyID());
        assertThat(run("verify", "--root", d.resolve("root-1.json").toString())).isZero();
    }

    @Test
    void refusesAWrongPassphraseAShortPassphraseAndOverwritingAnExistingCeremony() throws Exception {
        Path d = init("once", 1, 1);
        ToolException wrong = org.junit.jupiter.api.Assertions.assertThrows(
                ToolException.class,
                () -> KeyFiles.read(d.resolve("root-key-1.pem"), "not the passphrase".toCharArray()));
        assertThat(wrong.getMessage()).contains("wrong passphrase").doesNotContain("not the passphrase");

        assertThat(run(
                        "init",
                        "--issuer",
                        ISSUER,
                        "--keys",
                        "1",
                        "--threshold",
                        "1",
                        "--out",
                        d.toString(),
                        "--passphrase-file",
                        passFile.toString()))
                .isEqualTo(1);
        assertThat(errText()).contains("Refusing to overwrite");

        env.put("SHORT", "short");
        assertThat(run(
                        "init",
                        "--issuer",
                        ISSUER,
                        "--keys",
                        "1",
                        "--threshold",
                        "1",
                        "--out",
                        dir.resolve("short").toString(),
                        "--passphrase-env",
                        "SHORT"))
                .isEqualTo(1);
        assertThat(errText()).contains("at least 12 characters");

        assertThat(run(
                        "init",
                        "--issuer",
                        ISSUER,
                        "--keys",
                        "2",
                        "--threshold",
                        "3",
                        "--out",
                        dir.resolve("t").toString(),
                        "--passphrase-file",
                        passFile.toString()))
                .isEqualTo(2);
        assertThat(run(
                        "init",
                        "--issuer",
                        "ftp://x",
                        "--keys",
                        "1",
                        "--threshold",
                        "1",
                        "--out",
                        dir.resolve("u").toString(),
                        "--passphrase-file",
                        passFile.toString()))
                .isEqualTo(2);
        assertThat(run(
                        "init",
                        "--keys",
                        "1",
                        "--threshold",
                        "1",
                        "--out",
                        dir.resolve("v").toString()))
                .isEqualTo(2);
        assertThat(errText()).contains("--issuer is required");
        // no terminal and no passphrase source: refused, nothing written
        assertThat(run(
                        "init",
                        "--issuer",
                        ISSUER,
                        "--keys",
                        "1",
                        "--threshold",
                        "1",
                        "--out",
                        dir.resolve("w").toString()))
                .isEqualTo(2);
        assertThat(errText()).contains("no passphrase source");
        assertThat(dir.resolve("w/root-1.json")).doesNotExist();
    }

    @Test
    void signsAProposalUnchangedAndVerifiesTheKeySetAgainstTheRoot() throws Exception {
        Path d = init("ks", 3, 2);
        ECKey signing = KeyFiles.generate();
        String payload = keySetPayload(1, signing);
        Path proposal = Files.writeString(
                dir.resolve("proposal.json"),
                "{\"payload\":\"" + Base64URL.encode(payload.getBytes(StandardCharsets.UTF_8)) + "\",\"decoded\":"
                        + payload + "}");

        // custodian 1 signs, custodian 2 adds a signature to the same file
        Path signed = dir.resolve("key-set.json");
        assertThat(run(
                        "sign-key-set",
                        "--proposal",
                        proposal.toString(),
                        "--key",
                        d.resolve("root-key-1.pem").toString(),
                        "--out",
                        signed.toString(),
                        "--passphrase-file",
                        passFile.toString()))
                .as(errText())
                .isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains(signing.getKeyID())
                .contains("active");
        assertThat(run("verify", "--root", d.resolve("root-1.json").toString(), "--key-set", signed.toString()))
                .isEqualTo(1);
        assertThat(errText()).contains("1 valid signature(s)").contains("threshold is 2");

        assertThat(run(
                        "sign-key-set",
                        "--in",
                        signed.toString(),
                        "--key",
                        d.resolve("root-key-3.pem").toString(),
                        "--out",
                        signed.toString(),
                        "--passphrase-file",
                        passFile.toString()))
                .as(errText())
                .isZero();
        JWSObjectJSON jws = JWSObjectJSON.parse(Files.readString(signed));
        assertThat(jws.getPayload().toBytes()).isEqualTo(payload.getBytes(StandardCharsets.UTF_8));
        assertThat(jws.getSignatures()).hasSize(2);
        assertThat(run("verify", "--root", d.resolve("root-1.json").toString(), "--key-set", signed.toString()))
                .as(errText())
                .isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("Chain verified")
                .contains(signing.getKeyID());
    }

    @Test
    void refusesToSignARootAsAKeySet() throws Exception {
        Path d = init("typ", 1, 1);
        assertThat(run(
                        "sign-key-set",
                        "--in",
                        d.resolve("root-1.json").toString(),
                        "--key",
                        d.resolve("root-key-1.pem").toString(),
                        "--out",
                        dir.resolve("x.json").toString(),
                        "--passphrase-file",
                        passFile.toString()))
                .isEqualTo(1);
        assertThat(errText()).contains("not a key set");
    }

    @Test
    void rootRotationNeedsTheOldThresholdAndTheNewOne() throws Exception {
        Path d = init("rot", 3, 2);
        Path next = dir.resolve("rot2");
        assertThat(run(
                        "new-root",
                        "--previous",
                        d.resolve("root-1.json").toString(),
                        "--new-keys",
                        "2",
                        "--threshold",
                        "2",
                        "--out",
                        next.toString(),
                        "--passphrase-file",
                        passFile.toString()))
                .as(errText())
                .isZero();
        Path root2 = next.resolve("root-2.json");

        // signed only by its own new keys: refused
        assertThat(run("verify", "--root", d.resolve("root-1.json").toString(), "--root", root2.toString()))
                .isEqualTo(1);
        assertThat(errText()).contains("keys of root version 1").contains("threshold is 2");

        // one old key is not enough
        assertThat(run(
                        "sign-root",
                        "--in",
                        root2.toString(),
                        "--key",
                        d.resolve("root-key-1.pem").toString(),
                        "--passphrase-file",
                        passFile.toString()))
                .isZero();
        assertThat(run("verify", "--root", d.resolve("root-1.json").toString(), "--root", root2.toString()))
                .isEqualTo(1);

        assertThat(run(
                        "sign-root",
                        "--in",
                        root2.toString(),
                        "--key",
                        d.resolve("root-key-3.pem").toString(),
                        "--passphrase-file",
                        passFile.toString()))
                .isZero();
        assertThat(run("verify", "--root", d.resolve("root-1.json").toString(), "--root", root2.toString()))
                .as(errText())
                .isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("root version 2: OK (threshold 2 of 2)");
    }

    @Test
    void verifyRefusesAGapAForgedSignatureAndAStartOtherThanVersion1() throws Exception {
        Path d = init("gap", 2, 1);
        Path v2 = dir.resolve("gap2");
        assertThat(run(
                        "new-root",
                        "--previous",
                        d.resolve("root-1.json").toString(),
                        "--new-keys",
                        "1",
                        "--threshold",
                        "1",
                        "--out",
                        v2.toString(),
                        "--passphrase-file",
                        passFile.toString()))
                .isZero();
        assertThat(run(
                        "sign-root",
                        "--in",
                        v2.resolve("root-2.json").toString(),
                        "--key",
                        d.resolve("root-key-1.pem").toString(),
                        "--passphrase-file",
                        passFile.toString()))
                .isZero();
        Path v3 = dir.resolve("gap3");
        assertThat(run(
                        "new-root",
                        "--previous",
                        v2.resolve("root-2.json").toString(),
                        "--new-keys",
                        "1",
                        "--threshold",
                        "1",
                        "--out",
                        v3.toString(),
                        "--passphrase-file",
                        passFile.toString()))
                .isZero();
        assertThat(run(
                        "sign-root",
                        "--in",
                        v3.resolve("root-3.json").toString(),
                        "--key",
                        v2.resolve("root-key-v2-1.pem").toString(),
                        "--passphrase-file",
                        passFile.toString()))
                .isZero();

        assertThat(run(
                        "verify",
                        "--root",
                        d.resolve("root-1.json").toString(),
                        "--root",
                        v2.resolve("root-2.json").toString(),
                        "--root",
                        v3.resolve("root-3.json").toString()))
                .as(errText())
                .isZero();
        // gap: 1 -> 3
        assertThat(run(
                        "verify",
                        "--root",
                        d.resolve("root-1.json").toString(),
                        "--root",
                        v3.resolve("root-3.json").toString()))
                .isEqualTo(1);
        assertThat(errText()).contains("does not follow version 1");
        // a chain must start at version 1
        assertThat(run("verify", "--root", v2.resolve("root-2.json").toString()))
                .isEqualTo(1);
        // one forged signature among several
        Path forged = dir.resolve("forged.json");
        Files.writeString(forged, forge(Files.readString(v2.resolve("root-2.json")), 1));
        assertThat(run("verify", "--root", d.resolve("root-1.json").toString(), "--root", forged.toString()))
                .isEqualTo(1);
        assertThat(errText()).contains("does not verify (forged)");
    }

    @Test
    void keepsAKeyAcrossRootVersionsOnlyWhenItWasListed() throws Exception {
        Path d = init("keep", 2, 1);
        String kept = keys(JWSObjectJSON.parse(Files.readString(d.resolve("root-1.json")))
                        .getPayload()
                        .toJSONObject())
                .get(0)
                .getKeyID();
        Path next = dir.resolve("keep2");
        assertThat(run(
                        "new-root",
                        "--previous",
                        d.resolve("root-1.json").toString(),
                        "--keep",
                        kept,
                        "--new-keys",
                        "1",
                        "--threshold",
                        "2",
                        "--out",
                        next.toString(),
                        "--passphrase-file",
                        passFile.toString()))
                .isZero();
        assertThat(run(
                        "sign-root",
                        "--in",
                        next.resolve("root-2.json").toString(),
                        "--key",
                        d.resolve("root-key-1.pem").toString(),
                        "--passphrase-file",
                        passFile.toString()))
                .isZero();
        assertThat(run(
                        "verify",
                        "--root",
                        d.resolve("root-1.json").toString(),
                        "--root",
                        next.resolve("root-2.json").toString()))
                .as(errText())
                .isZero();
        assertThat(run(
                        "new-root",
                        "--previous",
                        d.resolve("root-1.json").toString(),
                        "--keep",
                        "unknown-kid",
                        "--new-keys",
                        "1",
                        "--threshold",
                        "1",
                        "--out",
                        dir.resolve("keep3").toString(),
                        "--passphrase-file",
                        passFile.toString()))
                .isEqualTo(1);
    }

    @Test
    void unknownCommandsAndOptionsAreUsageErrors() {
        assertThat(run("launch")).isEqualTo(2);
        assertThat(run("verify", "--bogus", "x")).isEqualTo(2);
        assertThat(run("verify")).isEqualTo(2);
    }

    private static String keySetPayload(long version, ECKey signing) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", "key-set");
        p.put("iss", ISSUER);
        p.put("version", version);
        p.put("rootVersion", 1);
        p.put("iat", java.time.Instant.now().getEpochSecond());
        p.put("exp", java.time.Instant.now().plusSeconds(86400).getEpochSecond());
        Map<String, Object> jwk = new LinkedHashMap<>(Documents.publicJwk(signing));
        jwk.put("state", "active");
        p.put("keys", List.of(jwk));
        return JSONObjectUtils.toJSONString(p);
    }

    private static List<ECKey> keys(Map<String, Object> payload) throws Exception {
        List<ECKey> keys = new ArrayList<>();
        for (Object o : (List<?>) payload.get("keys")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) o;
            keys.add(ECKey.parse(m));
        }
        return keys;
    }

    /** Gives signature {@code index} the signature value of another one (valid bytes, wrong key). */
    private static String forge(String document, int index) throws Exception {
        Map<String, Object> top = JSONObjectUtils.parse(document);
        List<Object> sigs = new ArrayList<>((List<?>) top.get("signatures"));
        @SuppressWarnings("unchecked")
        Map<String, Object> victim = new LinkedHashMap<>((Map<String, Object>) sigs.get(index));
        victim.put("signature", ((Map<?, ?>) sigs.get(index == 0 ? 1 : 0)).get("signature"));
        sigs.set(index, victim);
        top.put("signatures", sigs);
        return JSONObjectUtils.toJSONString(top);
    }
}
