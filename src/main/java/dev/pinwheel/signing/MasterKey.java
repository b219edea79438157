package dev.pinwheel.signing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;

/**
 * The AES-256 master key that encrypts private signing keys at rest (AES-GCM, 96-bit random IV,
 * the key id as associated data so a ciphertext cannot be moved to another key row).
 *
 * <p><b>Warning:</b> this object holds the master key. It never appears in a log line, an
 * exception message or a response; {@link #toString()} says nothing about it.
 */
final class MasterKey {

    static final String ENV = "PINWHEEL_MASTER_KEY";
    static final String ENV_FILE = "PINWHEEL_MASTER_KEY_FILE";
    private static final String FORMAT = "v1:";
    private static final Logger log = LoggerFactory.getLogger(MasterKey.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;
    private final String source;

    private MasterKey(byte[] raw, String source) {
        this.key = new SecretKeySpec(raw, "AES");
        this.source = source;
    }

    /** Where the key came from (a variable or file name), for messages. */
    String source() {
        return source;
    }

    /**
     * Reads the master key from {@code PINWHEEL_MASTER_KEY}, else from the file named by
     * {@code PINWHEEL_MASTER_KEY_FILE}, else (quick start) from or into the generated key file. Read
     * here, by name, and never bound into {@link SigningProperties}: configuration never holds a secret.
     *
     * @throws MasterKeyException when none is given and generation is off, or the key is malformed
     */
    static MasterKey load(Environment env, SigningProperties properties) {
        String inline = env.getProperty(ENV);
        if (inline != null && !inline.isBlank()) {
            return new MasterKey(decode(inline, ENV), ENV);
        }
        String file = env.getProperty(ENV_FILE);
        if (file != null && !file.isBlank()) {
            Path path = Path.of(file.trim());
            return new MasterKey(
                    decode(read(path, ENV_FILE + " (" + path + ")"), ENV_FILE + " (" + path + ")"), ENV_FILE);
        }
        if (!properties.generateMasterKey()) {
            throw new MasterKeyException(
                    "No master key: neither " + ENV + " nor " + ENV_FILE + " is set.",
                    "Set " + ENV + " to the base64 of 32 random bytes (e.g. `openssl rand -base64 32`) or " + ENV_FILE
                            + " to a file holding it.");
        }
        Path path = properties.generatedMasterKeyFile().toAbsolutePath().normalize();
        if (Files.exists(path)) {
            log.warn(
                    "Using the development master key in {} (quick start). NOT FOR PRODUCTION: set {} or {}.",
                    path,
                    ENV,
                    ENV_FILE);
            return new MasterKey(decode(read(path, path.toString()), path.toString()), path.toString());
        }
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        write(path, Base64.getEncoder().encodeToString(raw) + "\n");
        log.warn("""

                ==========================================================================
                  PINWHEEL QUICK START - NOT FOR PRODUCTION
                  Generated a development master key into {}
                  It encrypts the signing keys: keep the file, or the keys are lost.
                  Production: set {} or {} instead.
                ==========================================================================""", path, ENV, ENV_FILE);
        return new MasterKey(raw, path.toString());
    }

    /** Encrypts {@code plain} bound to {@code kid}; returns {@code v1:<base64(iv || ciphertext)>}. */
    String encrypt(byte[] plain, String kid) {
        try {
            byte[] iv = new byte[12];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
            byte[] ct = cipher.doFinal(plain);
            byte[] out = new byte[iv.length + ct.length];
            System.arraycopy(iv, 0, out, 0, iv.length);
            System.arraycopy(ct, 0, out, iv.length, ct.length);
            return FORMAT + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * Decrypts what {@link #encrypt} made for {@code kid}.
     *
     * @throws MasterKeyException when this master key did not encrypt it (or it was altered)
     */
    byte[] decrypt(String sealed, String kid) {
        if (sealed == null || !sealed.startsWith(FORMAT)) {
            throw new IllegalStateException("Signing key " + kid + " has no readable private key");
        }
        byte[] in = Base64.getDecoder().decode(sealed.substring(FORMAT.length()));
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, in, 0, 12));
            cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(in, 12, in.length - 12);
        } catch (AEADBadTagException e) {
            throw new MasterKeyException(
                    "The master key from " + source + " does not decrypt the stored signing key " + kid
                            + ": it is not the key they were encrypted under.",
                    "Start with the master key the signing keys were created with. The service never replaces"
                            + " existing keys on its own.");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * A 32-byte key derived from the master key for one purpose: HKDF-SHA256 (RFC 5869) with an
     * empty salt, the master key as input keying material and {@code info} (UTF-8) as info. Keys of
     * different purposes are independent; none reveals the master key.
     */
    byte[] derive(String info) {
        try {
            javax.crypto.Mac extract = javax.crypto.Mac.getInstance("HmacSHA256");
            extract.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
            byte[] prk = extract.doFinal(key.getEncoded());
            javax.crypto.Mac expand = javax.crypto.Mac.getInstance("HmacSHA256");
            expand.init(new SecretKeySpec(prk, "HmacSHA256"));
            expand.update(info.getBytes(StandardCharsets.UTF_8));
            expand.update((byte) 1);
            byte[] okm = expand.doFinal();
            java.util.Arrays.fill(prk, (byte) 0);
            return okm;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /**
     * Decrypts a PKCS#8 EC private key that {@link #encrypt} made for {@code kid}.
     *
     * @throws MasterKeyException when this master key did not encrypt it
     */
    java.security.interfaces.ECPrivateKey decryptEcPrivateKey(String sealed, String kid) {
        byte[] pkcs8 = decrypt(sealed, kid);
        try {
            return (java.security.interfaces.ECPrivateKey) java.security.KeyFactory.getInstance("EC")
                    .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Stored key " + kid + " is not a valid EC private key");
        } finally {
            java.util.Arrays.fill(pkcs8, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "MasterKey[" + source + "]";
    }

    private static byte[] decode(String value, String source) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(value.trim());
        } catch (IllegalArgumentException e) {
            throw new MasterKeyException(
                    "The master key in " + source + " is not valid base64.",
                    "Give the base64 of 32 random bytes, e.g. from `openssl rand -base64 32`.");
        }
        if (raw.length != 32) {
            throw new MasterKeyException(
                    "The master key in " + source + " is " + raw.length + " bytes long; it must be 32 bytes (AES-256).",
                    "Give the base64 of 32 random bytes, e.g. from `openssl rand -base64 32`.");
        }
        return raw;
    }

    private static String read(Path path, String source) {
        try {
            return Files.readString(path, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new MasterKeyException(
                    "Cannot read the master key file " + source + ".",
                    "Make the file readable by the service, or fix the path.");
        }
    }

    private static void write(Path path, String content) {
        try {
            Files.createDirectories(path.getParent());
            Files.writeString(
                    path, content, StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
        } catch (IOException e) {
            throw new MasterKeyException(
                    "Cannot write the generated master key to " + path + ".",
                    "Make the directory writable, or set PINWHEEL_MASTER_KEY / PINWHEEL_MASTER_KEY_FILE.");
        }
    }
}
