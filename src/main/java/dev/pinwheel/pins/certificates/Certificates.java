package dev.pinwheel.pins.certificates;

import dev.pinwheel.core.ProblemException;
import dev.pinwheel.core.ProblemType;
import dev.pinwheel.core.pem.Pem;
import dev.pinwheel.pins.PinHash;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTNamedCurves;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;

/**
 * Checks certificate chains read by {@link Pem}. Every refusal is a {@link ProblemException}
 * whose detail says which certificate is wrong and why; nothing about private keys is echoed.
 *
 * <p>A chain is given leaf first, each certificate followed by the one that issued it (the TLS
 * order): the issuer DN of each certificate equals the subject DN of the next and its signature
 * verifies with the next one's key.
 */
public final class Certificates {

    private Certificates() {}

    /**
     * Parses the CERTIFICATE blocks of a PEM text (with {@link Pem}), in order, and checks the chain order.
     *
     * @param field the request field the text came from, named in problems
     * @throws ProblemException the {@link Pem} problems; 422 for a chain in the wrong order
     */
    public static List<X509Certificate> parseChain(String pem, String field) {
        List<X509Certificate> chain = Pem.certificates(pem, field);
        checkOrder(chain);
        return chain;
    }

    /**
     * Checks that each certificate is issued by the next one: issuer DN equals the next subject
     * DN and the signature verifies with the next certificate's key.
     */
    public static void checkOrder(List<X509Certificate> chain) {
        for (int i = 0; i + 1 < chain.size(); i++) {
            X509Certificate cert = chain.get(i);
            X509Certificate next = chain.get(i + 1);
            String which = "Certificate " + (i + 1) + " ("
                    + cert.getSubjectX500Principal().getName() + ")";
            if (!cert.getIssuerX500Principal().equals(next.getSubjectX500Principal())) {
                throw unprocessable(which + " is not issued by certificate " + (i + 2) + " ("
                        + next.getSubjectX500Principal().getName() + "): its issuer is "
                        + cert.getIssuerX500Principal().getName()
                        + ". Send the leaf first, each certificate followed by its issuer.");
            }
            try {
                cert.verify(next.getPublicKey());
            } catch (Exception e) {
                throw unprocessable(which + " is not signed by the key of certificate " + (i + 2)
                        + " although the names match. Send the leaf first, each certificate followed by its issuer.");
            }
        }
    }

    /** Refuses a leaf that has expired at {@code now}. */
    public static void checkNotExpired(X509Certificate leaf, Instant now) {
        Instant notAfter = leaf.getNotAfter().toInstant();
        if (!notAfter.isAfter(now)) {
            throw new ProblemException(
                    ProblemType.UNPROCESSABLE,
                    "The leaf certificate (" + leaf.getSubjectX500Principal().getName() + ") expired at " + notAfter
                            + ".",
                    Map.of("notAfter", notAfter.toString()));
        }
    }

    /** Refuses a leaf that does not cover the host (RFC 6125). */
    public static void checkCovers(X509Certificate leaf, String host) {
        if (!HostMatcher.covers(leaf, host)) {
            List<String> names = HostMatcher.dnsNames(leaf);
            String presented = names.isEmpty()
                    ? "it has no DNS subjectAltName and its common name is " + HostMatcher.commonName(leaf)
                    : "its DNS names are " + names;
            throw new ProblemException(
                    ProblemType.UNPROCESSABLE,
                    "The leaf certificate does not cover " + host + ": " + presented + ".",
                    Map.of("host", host, "subjectAltNames", names));
        }
    }

    /** The metadata and pin of a certificate. */
    public static CertificateInfo inspect(X509Certificate cert) {
        List<String> sans = new ArrayList<>(HostMatcher.dnsNames(cert));
        sans.addAll(HostMatcher.ipNames(cert));
        KeyDescription key = describe(cert.getPublicKey());
        String fingerprint;
        try {
            fingerprint = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            throw unprocessable("The certificate cannot be encoded.");
        }
        return new CertificateInfo(
                cert.getSubjectX500Principal().getName(),
                cert.getIssuerX500Principal().getName(),
                cert.getSerialNumber().toString(16),
                List.copyOf(sans),
                cert.getNotBefore().toInstant(),
                cert.getNotAfter().toInstant(),
                key.algorithm(),
                key.size(),
                key.curve(),
                PinHash.of(cert),
                fingerprint);
    }

    /** Algorithm, size and curve of a key. */
    public record KeyDescription(String algorithm, Integer size, String curve) {}

    /** Describes a public key from its SubjectPublicKeyInfo. */
    public static KeyDescription describe(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return new KeyDescription("RSA", rsa.getModulus().bitLength(), null);
        }
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(key.getEncoded());
        return describe(
                spki,
                key instanceof ECPublicKey ec
                        ? ec.getParams().getCurve().getField().getFieldSize()
                        : null);
    }

    static KeyDescription describe(SubjectPublicKeyInfo spki, Integer ecFieldSize) {
        ASN1ObjectIdentifier alg = spki.getAlgorithm().getAlgorithm();
        if (alg.equals(EdECObjectIdentifiers.id_Ed25519)) {
            return new KeyDescription("Ed25519", 256, null);
        }
        if (alg.equals(EdECObjectIdentifiers.id_Ed448)) {
            return new KeyDescription("Ed448", 456, null);
        }
        if (alg.equals(org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.rsaEncryption)) {
            try {
                org.bouncycastle.asn1.pkcs.RSAPublicKey rsa =
                        org.bouncycastle.asn1.pkcs.RSAPublicKey.getInstance(spki.parsePublicKey());
                return new KeyDescription("RSA", rsa.getModulus().bitLength(), null);
            } catch (IOException e) {
                return new KeyDescription("RSA", null, null);
            }
        }
        if (alg.equals(org.bouncycastle.asn1.x9.X9ObjectIdentifiers.id_ecPublicKey)) {
            String curve = null;
            Integer size = ecFieldSize;
            if (spki.getAlgorithm().getParameters() instanceof ASN1ObjectIdentifier oid) {
                curve = NISTNamedCurves.getName(oid);
                if (curve == null) {
                    curve = ECNamedCurveTable.getName(oid);
                }
                if (size == null) {
                    var params = ECNamedCurveTable.getByOID(oid);
                    size = params == null ? null : params.getCurve().getFieldSize();
                }
            }
            return new KeyDescription("EC", size, curve);
        }
        return new KeyDescription(alg.getId(), null, null);
    }

    static ProblemException unprocessable(String detail) {
        return new ProblemException(ProblemType.UNPROCESSABLE, detail);
    }
}
