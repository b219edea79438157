package dev.pinwheel.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.CertificatePinner;
import okhttp3.tls.HeldCertificate;

/**
 * The one place tests make certificates and compute their pins, independently of the code under
 * test: certificates and keys come from OkHttp's {@link HeldCertificate} (or, for the key types
 * OkHttp does not make, from the openssl command line); pins from OkHttp's
 * {@link CertificatePinner}, the JDK's key encoding, or openssl itself.
 */
public final class TestCertificates {

    private TestCertificates() {}

    /** The base64 SHA-256 of the certificate's SubjectPublicKeyInfo, as OkHttp computes it (no prefix). */
    public static String pin(X509Certificate certificate) {
        return CertificatePinner.pin(certificate).substring("sha256/".length());
    }

    public static String pin(HeldCertificate certificate) {
        return pin(certificate.certificate());
    }

    /** The base64 SHA-256 of the JDK's encoding of the key (its SubjectPublicKeyInfo). */
    public static String pin(PublicKey key) {
        try {
            return Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code openssl req -newkey} arguments of each key type the tests pin. */
    public enum KeyType {
        RSA_2048("rsa:2048"),
        EC_P256("ec", "-pkeyopt", "ec_paramgen_curve:P-256"),
        EC_P384("ec", "-pkeyopt", "ec_paramgen_curve:P-384"),
        ED25519("ed25519");

        final List<String> args;

        KeyType(String newkey, String... extra) {
            List<String> all = new ArrayList<>(List.of("-newkey", newkey));
            all.addAll(List.of(extra));
            this.args = List.copyOf(all);
        }
    }

    /** A self-signed PEM certificate with a fresh key of the given type. */
    public static String selfSigned(KeyType type, String commonName) {
        try {
            Path dir = Files.createTempDirectory("pinwheel-cert");
            List<String> cmd = new ArrayList<>(List.of(
                    "openssl",
                    "req",
                    "-x509",
                    "-nodes",
                    "-days",
                    "30",
                    "-subj",
                    "/CN=" + commonName + "/O=Pinwheel Test",
                    "-keyout",
                    dir.resolve("key.pem").toString(),
                    "-out",
                    dir.resolve("cert.pem").toString()));
            cmd.addAll(type.args);
            run(cmd, null);
            String pem = Files.readString(dir.resolve("cert.pem"));
            Files.delete(dir.resolve("key.pem"));
            Files.delete(dir.resolve("cert.pem"));
            Files.delete(dir);
            return pem;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What {@code openssl x509 -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst
     * -sha256 -binary | base64} prints for the certificate.
     */
    public static String opensslPin(String pem) {
        return run(
                        List.of(
                                "sh",
                                "-c",
                                "openssl x509 -pubkey -noout | openssl pkey -pubin -outform der"
                                        + " | openssl dgst -sha256 -binary | base64"),
                        pem)
                .strip();
    }

    private static String run(List<String> cmd, String stdin) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
            if (stdin != null) {
                p.getOutputStream().write(stdin.getBytes(StandardCharsets.US_ASCII));
            }
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.US_ASCII);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(cmd + " failed: " + err);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
