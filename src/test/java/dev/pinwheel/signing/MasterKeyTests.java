package dev.pinwheel.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

class MasterKeyTests {

    static final String KEY_A = Base64.getEncoder().encodeToString(new byte[32]);
    static final String KEY_B =
            Base64.getEncoder().encodeToString("another-32-byte-master-key-here!".getBytes(StandardCharsets.US_ASCII));

    @TempDir
    Path dir;

    @Test
    void encryptsAndDecryptsBoundToTheKeyId() {
        MasterKey key = MasterKey.load(env(KEY_A), props(false));
        String sealed = key.encrypt("private".getBytes(StandardCharsets.UTF_8), "kid-1");
        assertThat(sealed).startsWith("v1:").doesNotContain("private");
        assertThat(new String(key.decrypt(sealed, "kid-1"), StandardCharsets.UTF_8))
                .isEqualTo("private");
        assertThatThrownBy(() -> key.decrypt(sealed, "kid-2")).isInstanceOf(MasterKeyException.class);
    }

    @Test
    void refusesAWrongMasterKeyWithAClearMessage() {
        String sealed = MasterKey.load(env(KEY_A), props(false)).encrypt(new byte[] {1, 2, 3}, "kid-1");
        MasterKey wrong = MasterKey.load(env(KEY_B), props(false));
        assertThatThrownBy(() -> wrong.decrypt(sealed, "kid-1"))
                .isInstanceOf(MasterKeyException.class)
                .hasMessageContaining("does not decrypt the stored signing key kid-1")
                .hasMessageNotContaining(KEY_B);
    }

    @Test
    void rejectsMalformedKeys() {
        assertThatThrownBy(() -> MasterKey.load(env("not base64!"), props(false)))
                .isInstanceOf(MasterKeyException.class)
                .hasMessageContaining("not valid base64");
        assertThatThrownBy(() -> MasterKey.load(env(Base64.getEncoder().encodeToString(new byte[16])), props(false)))
                .isInstanceOf(MasterKeyException.class)
                .hasMessageContaining("16 bytes long; it must be 32 bytes");
    }

    @Test
    void refusesToStartWithoutAKeyWhenGenerationIsOff() {
        assertThatThrownBy(() -> MasterKey.load(new MockEnvironment(), props(false)))
                .isInstanceOf(MasterKeyException.class)
                .hasMessageContaining("No master key: neither PINWHEEL_MASTER_KEY nor PINWHEEL_MASTER_KEY_FILE is set");
    }

    @Test
    void readsTheKeyFromAFile() throws Exception {
        Path file = dir.resolve("mk");
        Files.writeString(file, KEY_A + "\n");
        MasterKey fromFile = MasterKey.load(
                new MockEnvironment().withProperty("PINWHEEL_MASTER_KEY_FILE", file.toString()), props(false));
        String sealed = MasterKey.load(env(KEY_A), props(false)).encrypt(new byte[] {7}, "k");
        assertThat(fromFile.decrypt(sealed, "k")).containsExactly(7);
        assertThatThrownBy(() -> MasterKey.load(
                        new MockEnvironment()
                                .withProperty(
                                        "PINWHEEL_MASTER_KEY_FILE",
                                        dir.resolve("missing").toString()),
                        props(false)))
                .isInstanceOf(MasterKeyException.class)
                .hasMessageContaining("Cannot read the master key file");
    }

    @Test
    void quickStartGeneratesAKeyFileOnceAndReusesIt() throws Exception {
        SigningProperties props = new SigningProperties(
                true,
                dir.resolve("data/master.key"),
                Duration.ofMinutes(5),
                Duration.ofSeconds(30),
                Duration.ofSeconds(30),
                Duration.ofDays(7),
                Duration.ofHours(1));
        MasterKey first = MasterKey.load(new MockEnvironment(), props);
        String content = Files.readString(dir.resolve("data/master.key"));
        assertThat(Base64.getDecoder().decode(content.trim())).hasSize(32);
        String sealed = first.encrypt(new byte[] {9}, "k");
        MasterKey again = MasterKey.load(new MockEnvironment(), props);
        assertThat(Files.readString(dir.resolve("data/master.key"))).isEqualTo(content);
        assertThat(again.decrypt(sealed, "k")).containsExactly(9);
        assertThat(again.toString()).doesNotContain(content.trim());
    }

    @Test
    void derivedKeysAreHkdfSha256OfTheMasterKeyAndDifferPerPurpose() {
        MasterKey key = MasterKey.load(env(KEY_A), props(false));
        byte[] master = Base64.getDecoder().decode(KEY_A);

        byte[] audit = key.derive("pinwheel audit chain v1");

        org.bouncycastle.crypto.generators.HKDFBytesGenerator hkdf =
                new org.bouncycastle.crypto.generators.HKDFBytesGenerator(
                        new org.bouncycastle.crypto.digests.SHA256Digest());
        hkdf.init(new org.bouncycastle.crypto.params.HKDFParameters(
                master, new byte[0], "pinwheel audit chain v1".getBytes(StandardCharsets.UTF_8)));
        byte[] expected = new byte[32];
        hkdf.generateBytes(expected, 0, 32);
        assertThat(audit).isEqualTo(expected).isNotEqualTo(master);
        assertThat(key.derive("pinwheel audit checkpoint v1"))
                .isNotEqualTo(audit)
                .hasSize(32);
    }

    private MockEnvironment env(String key) {
        return new MockEnvironment().withProperty("PINWHEEL_MASTER_KEY", key);
    }

    private SigningProperties props(boolean generate) {
        return new SigningProperties(
                generate,
                dir.resolve("master.key"),
                Duration.ofMinutes(5),
                Duration.ofSeconds(30),
                Duration.ofSeconds(30),
                Duration.ofDays(7),
                Duration.ofHours(1));
    }
}
