package dev.pinwheel.pins.certificates;

import dev.pinwheel.core.ProblemException;
import dev.pinwheel.core.pem.Pem;
import dev.pinwheel.pins.PinHash;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/** What a PKCS#10 certificate signing request (read by {@link Pem}) says about the key it requests. */
public final class SigningRequests {

    private SigningRequests() {}

    /**
     * What a CSR says about its key.
     *
     * @param subject      RFC 2253-like subject of the request
     * @param keyAlgorithm as in {@link CertificateInfo#keyAlgorithm()}
     * @param keySize      may be null
     * @param keyCurve     may be null
     * @param spkiPin      the pin of the requested key
     */
    public record SigningRequestInfo(
            String subject, String keyAlgorithm, Integer keySize, String keyCurve, PinHash spkiPin) {}

    /**
     * Parses one {@code CERTIFICATE REQUEST} PEM block and checks its self-signature.
     *
     * @param field the request field the text came from, named in problems
     * @throws ProblemException the {@link Pem} problems
     */
    public static SigningRequestInfo parse(String pem, String field) {
        PKCS10CertificationRequest csr = Pem.signingRequest(pem, field);
        Certificates.KeyDescription key = Certificates.describe(csr.getSubjectPublicKeyInfo(), null);
        return new SigningRequestInfo(
                csr.getSubject().toString(),
                key.algorithm(),
                key.size(),
                key.curve(),
                PinHash.ofSubjectPublicKeyInfo(Pem.subjectPublicKeyInfo(csr)));
    }
}
