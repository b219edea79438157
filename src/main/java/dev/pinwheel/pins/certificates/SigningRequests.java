package dev.pinwheel.pins.certificates;

import java.io.IOException;
import java.io.StringReader;

import dev.pinwheel.core.ProblemException;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/** Parses PKCS#10 certificate signing requests (PEM) to learn the pin of the key they request. */
public final class SigningRequests {

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private SigningRequests() {
    }

    /**
     * What a CSR says about its key.
     *
     * @param subject      RFC 2253-like subject of the request
     * @param keyAlgorithm as in {@link CertificateInfo#keyAlgorithm()}
     * @param keySize      may be null
     * @param keyCurve     may be null
     * @param spkiPin      base64 SHA-256 of the requested key's SubjectPublicKeyInfo
     */
    public record SigningRequestInfo(String subject, String keyAlgorithm, Integer keySize, String keyCurve,
            String spkiPin) {
    }

    /**
     * Parses one {@code CERTIFICATE REQUEST} PEM block and checks its self-signature.
     *
     * @throws ProblemException 422 when the text is not a well-formed, correctly signed CSR
     */
    public static SigningRequestInfo parse(String pem) {
        if (pem == null || pem.isBlank()) {
            throw Certificates.unprocessable("The CSR is empty; send a -----BEGIN CERTIFICATE REQUEST----- block.");
        }
        if (pem.length() > Certificates.MAX_PEM_CHARS) {
            throw Certificates.unprocessable("The CSR is longer than " + Certificates.MAX_PEM_CHARS + " characters.");
        }
        PemObject obj;
        try (PemReader reader = new PemReader(new StringReader(pem))) {
            obj = reader.readPemObject();
        } catch (IOException | RuntimeException e) {
            throw Certificates.unprocessable("The CSR is not well-formed PEM (bad header, footer or base64).");
        }
        if (obj == null) {
            throw Certificates.unprocessable("No -----BEGIN CERTIFICATE REQUEST----- block was found.");
        }
        if (!"CERTIFICATE REQUEST".equals(obj.getType()) && !"NEW CERTIFICATE REQUEST".equals(obj.getType())) {
            throw Certificates.unprocessable("The PEM block is a " + obj.getType() + ", not a CERTIFICATE REQUEST.");
        }
        PKCS10CertificationRequest csr;
        try {
            csr = new PKCS10CertificationRequest(obj.getContent());
        } catch (IOException | RuntimeException e) {
            throw Certificates.unprocessable("The CSR is not a valid DER PKCS#10 request.");
        }
        boolean signed;
        try {
            signed = csr.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(BC).build(csr.getSubjectPublicKeyInfo()));
        } catch (Exception e) {
            signed = false;
        }
        if (!signed) {
            throw Certificates.unprocessable("The CSR's signature does not verify with the key it requests.");
        }
        byte[] spki;
        try {
            spki = csr.getSubjectPublicKeyInfo().getEncoded();
        } catch (IOException e) {
            throw Certificates.unprocessable("The CSR's public key cannot be encoded.");
        }
        Certificates.KeyDescription key = Certificates.describe(csr.getSubjectPublicKeyInfo(), null);
        return new SigningRequestInfo(csr.getSubject().toString(), key.algorithm(), key.size(), key.curve(),
                SpkiPins.ofSpki(spki));
    }
}
