package dev.pinwheel.pins;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.cert.X509CertificateHolder;

/**
 * Computes pins from PEM certificates: {@code sha256/} + base64 of the SHA-256 over the DER
 * SubjectPublicKeyInfo exactly as it appears in the certificate (what
 * {@code openssl x509 -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary}
 * hashes), plus the certificate's metadata.
 *
 * <p>Warning: this only reads certificates; it does not check that they are valid, trusted or
 * belong to the host. Pinning a certificate you did not verify pins whatever key it carries.
 */
public final class CertificatePins {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END ([A-Z0-9 ]+)-----", Pattern.DOTALL);

    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]+={0,2}");

    /** At most this many certificates per input. */
    public static final int MAX_CERTIFICATES = 50;

    private CertificatePins() {
    }

    /**
     * The pin and metadata of one certificate.
     *
     * @param keyAlgorithm e.g. {@code RSA 2048}, {@code EC P-256}, {@code Ed25519}
     */
    public record CertificatePin(PinHash pin, String subject, String issuer, String serial, Instant notBefore,
            Instant notAfter, String keyAlgorithm) {
    }

    /**
     * Reads every {@code CERTIFICATE} PEM block of {@code pem}, in order.
     *
     * @throws IllegalArgumentException saying which block is wrong and why (no block, bad base64,
     *         not a certificate, a private key or other non-certificate block, too many)
     */
    public static List<CertificatePin> fromPem(String pem) {
        if (pem == null || pem.isBlank()) {
            throw new IllegalArgumentException("must contain at least one PEM certificate");
        }
        List<CertificatePin> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(pem);
        int index = 0;
        while (m.find()) {
            index++;
            String label = m.group(1);
            if (!label.equals(m.group(3))) {
                throw new IllegalArgumentException("PEM block " + index + " begins with '" + label
                        + "' but ends with '" + m.group(3) + "'");
            }
            if (label.contains("PRIVATE KEY")) {
                throw new IllegalArgumentException("PEM block " + index
                        + " is a private key; send only certificates, never private keys");
            }
            if (!label.equals("CERTIFICATE")) {
                throw new IllegalArgumentException("PEM block " + index + " is a '" + label
                        + "', not a CERTIFICATE");
            }
            if (index > MAX_CERTIFICATES) {
                throw new IllegalArgumentException("contains more than " + MAX_CERTIFICATES + " certificates");
            }
            byte[] der;
            try {
                String body = m.group(2).replaceAll("[\\s]", "");
                if (!BASE64.matcher(body).matches()) {
                    throw new IllegalArgumentException();
                }
                der = Base64.getDecoder().decode(body);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("PEM block " + index + " is not valid base64");
            }
            out.add(fromDer(der, index));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(
                    "must contain at least one PEM certificate (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----)");
        }
        return out;
    }

    /** Reads exactly one PEM certificate. */
    public static CertificatePin single(String pem) {
        List<CertificatePin> all = fromPem(pem);
        if (all.size() != 1) {
            throw new IllegalArgumentException("must contain exactly one PEM certificate, not " + all.size());
        }
        return all.get(0);
    }

    private static CertificatePin fromDer(byte[] der, int index) {
        X509Certificate cert;
        byte[] spki;
        try {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            X509CertificateHolder holder = new X509CertificateHolder(cert.getEncoded());
            spki = holder.getSubjectPublicKeyInfo().getEncoded("DER");
        } catch (CertificateException | IOException | RuntimeException e) {
            throw new IllegalArgumentException("PEM block " + index + " is not a readable X.509 certificate");
        }
        return new CertificatePin(PinHash.ofDigest(sha256(spki)),
                cert.getSubjectX500Principal().getName(X500Principal.RFC2253),
                cert.getIssuerX500Principal().getName(X500Principal.RFC2253),
                hex(cert.getSerialNumber()),
                cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant(),
                keyAlgorithm(cert.getPublicKey()));
    }

    /** The pin of a DER SubjectPublicKeyInfo. */
    public static PinHash ofSubjectPublicKeyInfo(byte[] spki) {
        return PinHash.ofDigest(sha256(spki));
    }

    private static String keyAlgorithm(PublicKey key) {
        try {
            if (key instanceof RSAPublicKey rsa) {
                return "RSA " + rsa.getModulus().bitLength();
            }
            if (key instanceof ECPublicKey ec) {
                int bits = ec.getParams().getCurve().getField().getFieldSize();
                return bits == 256 || bits == 384 || bits == 521 ? "EC P-" + bits : "EC " + bits;
            }
            if (key instanceof EdECPublicKey ed) {
                return ed.getParams().getName();
            }
        } catch (RuntimeException ignored) {
            // fall through to the algorithm name
        }
        return key.getAlgorithm();
    }

    private static String hex(BigInteger serial) {
        String h = serial.toString(16).toUpperCase(Locale.ROOT);
        return h.length() % 2 == 1 ? "0" + h : h;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
