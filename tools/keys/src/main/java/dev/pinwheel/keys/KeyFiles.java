package dev.pinwheel.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.util.Arrays;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

/**
 * Root key files: an EC P-256 private key as encrypted PKCS#8 PEM ({@code ENCRYPTED PRIVATE KEY}: PBES2,
 * PBKDF2-HMAC-SHA256, AES-256-CBC), readable by {@code openssl pkey}. The key id is the RFC 7638
 * thumbprint of the public key, computed from the private key on every read.
 *
 * <p><b>Warning:</b> a passphrase is a char array that callers wipe; it never reaches a message, a
 * log line or an exception.
 */
final class KeyFiles {

    /** Minimum passphrase length for new key files. */
    static final int MIN_PASSPHRASE = 12;

    private static final int ITERATIONS = 600_000;
    /** BouncyCastle as a provider object for the PBES2 ciphers only; never installed JVM-wide. */
    private static final java.security.Provider BC = new org.bouncycastle.jce.provider.BouncyCastleProvider();

    private KeyFiles() {}

    /** A new P-256 key whose kid is its thumbprint. */
    static ECKey generate() {
        try {
            return new ECKeyGenerator(Curve.P_256)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.ES256)
                    .keyIDFromThumbprint(true)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot generate a P-256 key", e);
        }
    }

    /** Writes the private key encrypted under {@code passphrase} to a new file (owner read/write only). */
    static void write(Path file, ECKey key, char[] passphrase) {
        if (passphrase.length < MIN_PASSPHRASE) {
            throw new ToolException("The passphrase must be at least " + MIN_PASSPHRASE + " characters long.");
        }
        try {
            JceOpenSSLPKCS8EncryptorBuilder encryptor =
                    new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC);
            encryptor.setPRF(JcaPKCS8Generator.PRF_HMACSHA256);
            encryptor.setIterationCount(ITERATIONS);
            encryptor.setRandom(new SecureRandom());
            encryptor.setProvider(BC);
            encryptor.setPassword(passphrase);
            StringWriter pem = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
                writer.writeObject(new JcaPKCS8Generator(key.toECPrivateKey(), encryptor.build()));
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, pem.toString(), StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new ToolException("Refusing to overwrite " + file + ".");
        } catch (IOException | OperatorCreationException | JOSEException e) {
            throw new ToolException("Cannot write the key file " + file + " ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ").");
        }
    }

    /**
     * Reads and decrypts a key file.
     *
     * @throws ToolException when the file is not an encrypted PKCS#8 P-256 key or the passphrase is wrong
     */
    static ECKey read(Path file, char[] passphrase) {
        Object parsed;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
                PEMParser pem = new PEMParser(reader)) {
            parsed = pem.readObject();
        } catch (IOException e) {
            throw new ToolException("Cannot read the key file " + file + ".");
        }
        if (!(parsed instanceof PKCS8EncryptedPrivateKeyInfo encrypted)) {
            throw new ToolException(file + " is not an encrypted PKCS#8 private key (ENCRYPTED PRIVATE KEY).");
        }
        PrivateKeyInfo info;
        try {
            info = encrypted.decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder()
                    .setProvider(BC)
                    .build(passphrase));
        } catch (PKCSException | OperatorCreationException e) {
            throw new ToolException("Cannot decrypt " + file + ": wrong passphrase, or the file is damaged.");
        }
        try {
            ECPrivateKey privateKey = (ECPrivateKey) new JcaPEMKeyConverter().getPrivateKey(info);
            X9ECParameters p256 = ECNamedCurveTable.getByName("P-256");
            if (!privateKey.getParams().getOrder().equals(p256.getN())) {
                throw new ToolException(file + " does not hold a P-256 key.");
            }
            ECPoint q = p256.getG().multiply(privateKey.getS()).normalize();
            ECKey key = new ECKey.Builder(
                            Curve.P_256,
                            coordinate(q.getAffineXCoord().toBigInteger()),
                            coordinate(q.getAffineYCoord().toBigInteger()))
                    .privateKey(privateKey)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.ES256)
                    .build();
            return new ECKey.Builder(key)
                    .keyID(key.computeThumbprint().toString())
                    .build();
        } catch (IOException | ClassCastException | JOSEException e) {
            throw new ToolException(file + " does not hold a P-256 key.");
        }
    }

    private static Base64URL coordinate(BigInteger v) {
        byte[] raw = v.toByteArray();
        byte[] fixed = new byte[32];
        int copy = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - copy, fixed, 32 - copy, copy);
        Base64URL encoded = Base64URL.encode(fixed);
        Arrays.fill(fixed, (byte) 0);
        return encoded;
    }
}
