package dev.pinwheel.pins.certificates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pinwheel.core.ProblemException;
import dev.pinwheel.core.ProblemType;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.tls.HeldCertificate;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;

class CertificatesTests {

    static final HeldCertificate ROOT = new HeldCertificate.Builder()
            .commonName("Test Root")
            .certificateAuthority(1)
            .ecdsa256()
            .build();
    static final HeldCertificate INTERMEDIATE = new HeldCertificate.Builder()
            .commonName("Test Intermediate")
            .certificateAuthority(0)
            .signedBy(ROOT)
            .ecdsa256()
            .build();
    static final HeldCertificate LEAF = new HeldCertificate.Builder()
            .commonName("api.example.com")
            .addSubjectAlternativeName("api.example.com")
            .addSubjectAlternativeName("*.cdn.example.com")
            .signedBy(INTERMEDIATE)
            .rsa2048()
            .build();

    static String pem(HeldCertificate... certs) {
        StringBuilder sb = new StringBuilder();
        for (HeldCertificate c : certs) {
            sb.append(c.certificatePem());
        }
        return sb.toString();
    }

    static String expectedPin(X509Certificate cert) throws Exception {
        return Base64.getEncoder()
                .encodeToString(MessageDigest.getInstance("SHA-256")
                        .digest(cert.getPublicKey().getEncoded()));
    }

    @Test
    void parsesAChainLeafFirstAndDescribesEveryCertificate() throws Exception {
        List<X509Certificate> chain = Certificates.parseChain("intro text\n" + pem(LEAF, INTERMEDIATE, ROOT), "pem");

        assertThat(chain).hasSize(3);
        CertificateInfo leaf = Certificates.inspect(chain.get(0));
        assertThat(leaf.subject()).isEqualTo("CN=api.example.com");
        assertThat(leaf.issuer()).isEqualTo("CN=Test Intermediate");
        assertThat(leaf.subjectAltNames()).containsExactly("api.example.com", "*.cdn.example.com");
        assertThat(leaf.keyAlgorithm()).isEqualTo("RSA");
        assertThat(leaf.keySize()).isEqualTo(2048);
        assertThat(leaf.keyCurve()).isNull();
        assertThat(leaf.spkiPin().base64()).isEqualTo(expectedPin(LEAF.certificate()));
        assertThat(leaf.sha256Fingerprint()).hasSize(64);
        assertThat(leaf.serial()).isEqualTo(LEAF.certificate().getSerialNumber().toString(16));
        assertThat(leaf.notAfter()).isEqualTo(LEAF.certificate().getNotAfter().toInstant());

        CertificateInfo intermediate = Certificates.inspect(chain.get(1));
        assertThat(intermediate.keyAlgorithm()).isEqualTo("EC");
        assertThat(intermediate.keySize()).isEqualTo(256);
        assertThat(intermediate.keyCurve()).isEqualTo("P-256");
    }

    @Test
    void describesEd25519Keys() throws Exception {
        KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        HeldCertificate cert = new HeldCertificate.Builder()
                .commonName("ed.example.com")
                .keyPair(ed)
                .signedBy(ROOT)
                .build();

        CertificateInfo info = Certificates.inspect(
                Certificates.parseChain(cert.certificatePem(), "pem").get(0));

        assertThat(info.keyAlgorithm()).isEqualTo("Ed25519");
        assertThat(info.keySize()).isEqualTo(256);
        assertThat(info.spkiPin().base64())
                .isEqualTo(Base64.getEncoder()
                        .encodeToString(MessageDigest.getInstance("SHA-256")
                                .digest(ed.getPublic().getEncoded())));
    }

    @Test
    void refusesGarbagePemWithThePemProblemKinds() {
        assertProblem(
                () -> Certificates.parseChain("hello, I am not a certificate", "pem"),
                ProblemType.PEM_MALFORMED,
                "pem: holds no PEM block");
        assertProblem(() -> Certificates.parseChain("", "pem"), ProblemType.PEM_MALFORMED, "empty");
        assertProblem(
                () -> Certificates.parseChain(
                        "-----BEGIN CERTIFICATE-----\nAAAA!!!notbase64\n-----END CERTIFICATE-----\n", "pem"),
                ProblemType.PEM_MALFORMED,
                "not valid base64");
        assertProblem(
                () -> Certificates.parseChain(
                        "-----BEGIN CERTIFICATE-----\nMIIBAAAA\n-----END CERTIFICATE-----\n", "pem"),
                ProblemType.CERTIFICATE_UNREADABLE,
                "not a valid DER");
        assertProblem(
                () -> Certificates.parseChain("-----BEGIN CERTIFICATE-----\nMIIB\n", "pem"),
                ProblemType.PEM_MALFORMED,
                "has no -----END line");
    }

    @Test
    void refusesAPrivateKeyWithoutEchoingIt() {
        String key = LEAF.privateKeyPkcs8Pem();
        assertThatThrownBy(() -> Certificates.parseChain(LEAF.certificatePem() + key, "pem"))
                .isInstanceOf(ProblemException.class)
                .hasMessageContaining("PEM block 2 is a private key")
                .hasMessageNotContaining(key.lines().skip(1).findFirst().orElseThrow());
    }

    @Test
    void refusesAChainInTheWrongOrder() {
        assertUnprocessable(
                () -> Certificates.parseChain(pem(INTERMEDIATE, LEAF, ROOT), "pem"), "is not issued by certificate 2");
        assertUnprocessable(() -> Certificates.parseChain(pem(ROOT, INTERMEDIATE, LEAF), "pem"), "Send the leaf first");
    }

    @Test
    void refusesAChainWhoseNamesMatchButSignatureDoesNot() {
        HeldCertificate impostor = new HeldCertificate.Builder()
                .commonName("Test Intermediate")
                .certificateAuthority(0)
                .ecdsa256()
                .build();
        assertUnprocessable(() -> Certificates.parseChain(pem(LEAF, impostor), "pem"), "not signed by the key");
    }

    @Test
    void refusesAnExpiredLeaf() {
        long now = System.currentTimeMillis();
        HeldCertificate expired = new HeldCertificate.Builder()
                .commonName("old.example.com")
                .validityInterval(now - TimeUnit.DAYS.toMillis(10), now - TimeUnit.DAYS.toMillis(1))
                .build();
        assertUnprocessable(() -> Certificates.checkNotExpired(expired.certificate(), Instant.now()), "expired at");
    }

    @Test
    void refusesALeafThatDoesNotCoverTheHost() {
        assertUnprocessable(
                () -> Certificates.checkCovers(LEAF.certificate(), "www.example.com"),
                "does not cover www.example.com");
        Certificates.checkCovers(LEAF.certificate(), "API.example.com.");
    }

    @Test
    void parsesACsrAndCheckItsSignature() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("EC").generateKeyPair();
        var csr = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=next.example.com"), pair.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
        java.io.StringWriter out = new java.io.StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(csr);
        }

        SigningRequests.SigningRequestInfo info = SigningRequests.parse(out.toString(), "csr");

        assertThat(info.spkiPin().base64())
                .isEqualTo(Base64.getEncoder()
                        .encodeToString(MessageDigest.getInstance("SHA-256")
                                .digest(pair.getPublic().getEncoded())));
        assertThat(info.keyAlgorithm()).isEqualTo("EC");
        assertThat(info.subject()).isEqualTo("CN=next.example.com");
    }

    @Test
    void refusesGarbageCsrs() {
        assertProblem(
                () -> SigningRequests.parse("nope", "csr"),
                ProblemType.PEM_MALFORMED,
                "send one -----BEGIN CERTIFICATE REQUEST----- block");
        assertProblem(
                () -> SigningRequests.parse(LEAF.certificatePem(), "csr"),
                ProblemType.PEM_WRONG_BLOCK,
                "not a CERTIFICATE REQUEST");
        assertProblem(
                () -> SigningRequests.parse(
                        "-----BEGIN CERTIFICATE REQUEST-----\nMIIBAAAA\n-----END CERTIFICATE REQUEST-----\n", "csr"),
                ProblemType.CERTIFICATE_UNREADABLE,
                "not a valid DER");
    }

    static void assertProblem(Runnable r, ProblemType type, String detail) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.type()).isEqualTo(type);
            assertThat(e.detail()).contains(detail);
        });
    }

    static void assertUnprocessable(Runnable r, String detail) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.type()).isEqualTo(ProblemType.UNPROCESSABLE);
            assertThat(e.detail()).contains(detail);
        });
    }
}
