package dev.pinwheel.core.pem;

import dev.pinwheel.core.ProblemException;
import dev.pinwheel.core.ProblemType;
import dev.pinwheel.core.Violation;
import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * The only way text becomes X.509 certificates and PKCS#10 certificate signing requests in
 * Pinwheel, and the only place that extracts a certificate's SubjectPublicKeyInfo (the bytes a pin
 * hashes). Every refusal is a {@link ProblemException} of one kind per failure, naming the field:
 * <ul>
 * <li>{@link ProblemType#PEM_TOO_LARGE} (413): over {@link PemLimits#STANDARD} (text, blocks, base64);</li>
 * <li>{@link ProblemType#PEM_MALFORMED} (422): no block, unterminated or nested block, mismatched
 * labels, bad base64;</li>
 * <li>{@link ProblemType#PEM_WRONG_BLOCK} (422): a block of another kind (a private key is named as
 * such, never echoed);</li>
 * <li>{@link ProblemType#CERTIFICATE_UNREADABLE} (422): the DER is not a certificate or request, or
 * a request's self-signature fails.</li>
 * </ul>
 *
 * <p>Warning: reading a certificate says nothing about whether it is valid, trusted or belongs to
 * anyone; pinning a certificate you did not verify pins whatever key it carries.
 */
public final class Pem {

    private static final String CERTIFICATE = "CERTIFICATE";

    private Pem() {}

    /**
     * Every block of {@code text}, which must all be {@code CERTIFICATE} blocks, in order (at least one).
     *
     * @param field the request field the text came from, named in problems (e.g. {@code pins[0].certificate})
     */
    public static List<X509Certificate> certificates(String text, String field) {
        return certificates(text, field, PemLimits.STANDARD);
    }

    /** As {@link #certificates(String, String)} with other limits (tests of the reader's bounds). */
    public static List<X509Certificate> certificates(String text, String field, PemLimits limits) {
        List<PemBlock> blocks = PemReader.read(text, field, limits);
        if (blocks.isEmpty()) {
            throw problem(
                    ProblemType.PEM_MALFORMED,
                    field,
                    "holds no PEM block; send -----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----");
        }
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        List<X509Certificate> out = new ArrayList<>(blocks.size());
        for (PemBlock block : blocks) {
            requireLabel(block, field, CERTIFICATE);
            try {
                out.add(converter.getCertificate(new X509CertificateHolder(block.der())));
            } catch (IOException | CertificateException | RuntimeException e) {
                throw problem(
                        ProblemType.CERTIFICATE_UNREADABLE,
                        field,
                        "PEM block " + block.index() + " is not a valid DER X.509 certificate");
            }
        }
        return List.copyOf(out);
    }

    /** Exactly one {@code CERTIFICATE} block. */
    public static X509Certificate certificate(String text, String field) {
        List<X509Certificate> all = certificates(text, field);
        if (all.size() != 1) {
            throw problem(ProblemType.PEM_MALFORMED, field, "must hold exactly one PEM certificate, not " + all.size());
        }
        return all.get(0);
    }

    /**
     * Exactly one {@code CERTIFICATE REQUEST} (or {@code NEW CERTIFICATE REQUEST}) block whose
     * self-signature verifies.
     */
    public static PKCS10CertificationRequest signingRequest(String text, String field) {
        List<PemBlock> blocks = PemReader.read(text, field, PemLimits.STANDARD);
        if (blocks.size() != 1) {
            throw problem(
                    ProblemType.PEM_MALFORMED,
                    field,
                    blocks.isEmpty()
                            ? "holds no PEM block; send one -----BEGIN CERTIFICATE REQUEST----- block"
                            : "must hold exactly one CERTIFICATE REQUEST block, not " + blocks.size());
        }
        PemBlock block = blocks.get(0);
        requireLabel(block, field, "CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST");
        PKCS10CertificationRequest csr;
        try {
            csr = new PKCS10CertificationRequest(block.der());
        } catch (IOException | RuntimeException e) {
            throw problem(ProblemType.CERTIFICATE_UNREADABLE, field, "is not a valid DER PKCS#10 request");
        }
        boolean signed;
        try {
            signed = csr.isSignatureValid(new org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder()
                    .setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider())
                    .build(csr.getSubjectPublicKeyInfo()));
        } catch (Exception e) {
            signed = false;
        }
        if (!signed) {
            throw problem(
                    ProblemType.CERTIFICATE_UNREADABLE,
                    field,
                    "the request's signature does not verify with the key it requests");
        }
        return csr;
    }

    /**
     * The DER SubjectPublicKeyInfo exactly as the certificate carries it (not the JDK's
     * re-encoding of the parsed key, which may differ for unusual keys): what a pin hashes.
     */
    public static byte[] subjectPublicKeyInfo(X509Certificate certificate) {
        try {
            Certificate parsed = Certificate.getInstance(ASN1Primitive.fromByteArray(certificate.getEncoded()));
            return parsed.getSubjectPublicKeyInfo().getEncoded("DER");
        } catch (CertificateEncodingException | IOException | RuntimeException e) {
            throw problem(ProblemType.CERTIFICATE_UNREADABLE, "certificate", "its SubjectPublicKeyInfo cannot be read");
        }
    }

    /** The DER SubjectPublicKeyInfo of the key a request asks for. */
    public static byte[] subjectPublicKeyInfo(PKCS10CertificationRequest request) {
        try {
            return request.getSubjectPublicKeyInfo().getEncoded("DER");
        } catch (IOException e) {
            throw problem(ProblemType.CERTIFICATE_UNREADABLE, "csr", "its SubjectPublicKeyInfo cannot be read");
        }
    }

    private static void requireLabel(PemBlock block, String field, String... allowed) {
        for (String label : allowed) {
            if (label.equals(block.label())) {
                return;
            }
        }
        String expected = String.join(" or ", allowed);
        if (block.label().contains("PRIVATE KEY")) {
            throw problem(
                    ProblemType.PEM_WRONG_BLOCK,
                    field,
                    "PEM block " + block.index() + " is a private key; send only " + expected
                            + " blocks, never private keys");
        }
        throw problem(
                ProblemType.PEM_WRONG_BLOCK,
                field,
                "PEM block " + block.index() + " is a '" + block.label() + "', not a " + expected);
    }

    static ProblemException problem(ProblemType type, String field, String message) {
        return new ProblemException(
                type, field + ": " + message, Map.of("violations", List.of(new Violation(field, message))));
    }
}
