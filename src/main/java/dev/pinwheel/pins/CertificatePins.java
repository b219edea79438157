package dev.pinwheel.pins;

import dev.pinwheel.core.pem.Pem;
import java.math.BigInteger;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import javax.security.auth.x500.X500Principal;

/**
 * The pins and metadata of PEM certificates. Text is read only by {@link Pem} (its limits and
 * problems apply); the pin is {@link PinHash#of(X509Certificate)}.
 *
 * <p>Warning: this only reads certificates; it does not check that they are valid, trusted or
 * belong to the host. Pinning a certificate you did not verify pins whatever key it carries.
 */
public final class CertificatePins {

    private CertificatePins() {}

    /**
     * The pin and metadata of one certificate.
     *
     * @param keyAlgorithm e.g. {@code RSA 2048}, {@code EC P-256}, {@code Ed25519}
     */
    public record CertificatePin(
            PinHash pin,
            String subject,
            String issuer,
            String serial,
            Instant notBefore,
            Instant notAfter,
            String keyAlgorithm) {}

    /**
     * Every certificate of {@code pem}, in order.
     *
     * @param field the request field named in problems
     * @throws dev.pinwheel.core.ProblemException as {@link Pem#certificates(String, String)}
     */
    public static List<CertificatePin> fromPem(String pem, String field) {
        return Pem.certificates(pem, field).stream()
                .map(CertificatePins::describe)
                .toList();
    }

    /** Exactly one PEM certificate. */
    public static CertificatePin single(String pem, String field) {
        return describe(Pem.certificate(pem, field));
    }

    /** The pin and metadata of a parsed certificate. */
    public static CertificatePin describe(X509Certificate cert) {
        return new CertificatePin(
                PinHash.of(cert),
                cert.getSubjectX500Principal().getName(X500Principal.RFC2253),
                cert.getIssuerX500Principal().getName(X500Principal.RFC2253),
                hex(cert.getSerialNumber()),
                cert.getNotBefore().toInstant(),
                cert.getNotAfter().toInstant(),
                keyAlgorithm(cert.getPublicKey()));
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
}
