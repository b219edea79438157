package dev.pinwheel.core.pem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pinwheel.core.ProblemException;
import dev.pinwheel.core.ProblemType;
import dev.pinwheel.core.Violation;
import java.security.cert.X509Certificate;
import java.util.List;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;

/** Every malformed input the PEM reader refuses, each with its one problem kind naming the field. */
class PemTests {

    static final HeldCertificate ROOT = new HeldCertificate.Builder()
            .certificateAuthority(0)
            .commonName("Root")
            .build();
    static final HeldCertificate LEAF = new HeldCertificate.Builder()
            .commonName("leaf.example")
            .signedBy(ROOT)
            .build();

    @Test
    void readsEveryCertificateInOrderIgnoringTextAroundAndCrLf() {
        String text = "subject=CN=leaf\n" + LEAF.certificatePem() + "\nissuer text\r\n"
                + ROOT.certificatePem().replace("\n", "\r\n");

        List<X509Certificate> certificates = Pem.certificates(text, "pem");

        assertThat(certificates).containsExactly(LEAF.certificate(), ROOT.certificate());
    }

    @Test
    void readsPemWhoseLineBreaksBecameSpaces() {
        String flattened = LEAF.certificatePem().replace("\n", " ");

        assertThat(Pem.certificate(flattened, "pem")).isEqualTo(LEAF.certificate());
    }

    @Test
    void subjectPublicKeyInfoIsTheCertificatesOwnBytes() throws Exception {
        byte[] spki = Pem.subjectPublicKeyInfo(LEAF.certificate());

        assertThat(spki).isEqualTo(LEAF.certificate().getPublicKey().getEncoded());
        assertThat(indexOf(LEAF.certificate().getEncoded(), spki)).isPositive();
    }

    @Test
    void refusesEmptyText() {
        assertProblem(() -> Pem.certificates(null, "pem"), ProblemType.PEM_MALFORMED, "pem: is empty");
        assertProblem(() -> Pem.certificates("  \n", "pem"), ProblemType.PEM_MALFORMED, "pem: is empty");
    }

    @Test
    void refusesTextWithoutABlock() {
        assertProblem(
                () -> Pem.certificates("sha256/AAAA", "certificates"),
                ProblemType.PEM_MALFORMED,
                "certificates: holds no PEM block");
    }

    @Test
    void refusesAPrivateKeyWithoutEchoingIt() {
        String key = LEAF.privateKeyPkcs8Pem();

        assertThatThrownBy(() -> Pem.certificates(LEAF.certificatePem() + key, "pem"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.type()).isEqualTo(ProblemType.PEM_WRONG_BLOCK);
                    assertThat(e.detail())
                            .contains("PEM block 2 is a private key")
                            .doesNotContain(key.lines().skip(1).findFirst().orElseThrow());
                });
    }

    @Test
    void refusesOtherBlocks() {
        assertProblem(
                () -> Pem.certificates("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----", "pem"),
                ProblemType.PEM_WRONG_BLOCK,
                "'PUBLIC KEY', not a CERTIFICATE");
    }

    @Test
    void refusesMismatchedBeginAndEnd() {
        String pem = LEAF.certificatePem().replace("END CERTIFICATE", "END X509 CRL");
        assertProblem(() -> Pem.certificates(pem, "pem"), ProblemType.PEM_MALFORMED, "ends with 'X509 CRL'");
    }

    @Test
    void refusesMalformedBeginLine() {
        assertProblem(
                () -> Pem.certificates("-----BEGIN certificate-----\nAAAA\n-----END certificate-----", "pem"),
                ProblemType.PEM_MALFORMED,
                "malformed -----BEGIN line");
    }

    @Test
    void refusesAnEndWithoutBegin() {
        assertProblem(
                () -> Pem.certificates(LEAF.certificatePem() + "-----END CERTIFICATE-----\n", "pem"),
                ProblemType.PEM_MALFORMED,
                "-----END line without a matching -----BEGIN");
    }

    @Test
    void refusesBadBase64AndEncryptedPem() {
        assertProblem(
                () -> Pem.certificates("-----BEGIN CERTIFICATE-----\nMIIB*?!\n-----END CERTIFICATE-----", "pem"),
                ProblemType.PEM_MALFORMED,
                "PEM block 1 (CERTIFICATE) is not valid base64");
        assertProblem(
                () -> Pem.certificates(
                        "-----BEGIN CERTIFICATE-----\nProc-Type: 4,ENCRYPTED\nAAAA\n" + "-----END CERTIFICATE-----",
                        "pem"),
                ProblemType.PEM_MALFORMED,
                "encrypted or header-bearing");
        assertProblem(
                () -> Pem.certificates("-----BEGIN CERTIFICATE-----\nAA=A\n-----END CERTIFICATE-----", "pem"),
                ProblemType.PEM_MALFORMED,
                "not valid base64");
        assertProblem(
                () -> Pem.certificates("-----BEGIN CERTIFICATE-----\nAAAAA\n-----END CERTIFICATE-----", "pem"),
                ProblemType.PEM_MALFORMED,
                "wrong length or padding");
    }

    @Test
    void refusesBase64ThatIsNoCertificateAndTruncatedCertificates() {
        assertProblem(
                () -> Pem.certificates(
                        "-----BEGIN CERTIFICATE-----\naGVsbG8gd29ybGQ=\n-----END CERTIFICATE-----", "pem"),
                ProblemType.CERTIFICATE_UNREADABLE,
                "PEM block 1 is not a valid DER X.509 certificate");
        String[] lines = LEAF.certificatePem().split("\n");
        String truncated = lines[0] + "\n" + lines[1] + "\n" + lines[2] + "\n" + lines[lines.length - 1];
        assertProblem(
                () -> Pem.certificates(truncated, "pem"),
                ProblemType.CERTIFICATE_UNREADABLE,
                "not a valid DER X.509 certificate");
    }

    @Test
    void refusesOverTheLimitsAs413() {
        assertProblem(
                () -> Pem.certificates(LEAF.certificatePem().repeat(PemLimits.STANDARD.maxBlocks() + 1), "pem"),
                ProblemType.PEM_TOO_LARGE,
                "more than " + PemLimits.STANDARD.maxBlocks() + " PEM blocks");
        assertProblem(
                () -> Pem.certificates("x".repeat(PemLimits.STANDARD.maxChars() + 1), "pem"),
                ProblemType.PEM_TOO_LARGE,
                "at most " + PemLimits.STANDARD.maxChars() + " are read");
        assertProblem(
                () -> Pem.certificates(
                        "-----BEGIN CERTIFICATE-----\n" + "A".repeat(PemLimits.STANDARD.maxBase64Chars() + 4)
                                + "\n-----END CERTIFICATE-----",
                        "pem"),
                ProblemType.PEM_TOO_LARGE,
                "more than " + PemLimits.STANDARD.maxBase64Chars() + " base64 characters");
        assertThat(ProblemType.PEM_TOO_LARGE.status().value()).isEqualTo(413);
    }

    @Test
    void exactlyOneRefusesAChain() {
        assertProblem(
                () -> Pem.certificate(LEAF.certificatePem() + ROOT.certificatePem(), "pins[0].certificate"),
                ProblemType.PEM_MALFORMED,
                "pins[0].certificate: must hold exactly one PEM certificate, not 2");
    }

    @Test
    void everyProblemNamesItsFieldAsAViolation() {
        assertThatThrownBy(() -> Pem.certificates("nope", "pins[3].certificate"))
                .isInstanceOfSatisfying(
                        ProblemException.class,
                        e -> assertThat(e.extensions().get("violations"))
                                .isEqualTo(
                                        List.of(
                                                new Violation(
                                                        "pins[3].certificate",
                                                        "holds no PEM block; send -----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----"))));
    }

    static void assertProblem(Runnable r, ProblemType type, String detail) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.type()).isEqualTo(type);
            assertThat(e.detail()).contains(detail);
        });
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
