package dev.pinwheel.pins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pinwheel.support.TestCertificates;
import dev.pinwheel.support.TestCertificates.KeyType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import okhttp3.CertificatePinner;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Pins of real certificates, checked against openssl and OkHttp (malformed text: {@code PemTests}). */
class CertificatePinsTests {

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void pinEqualsWhatOpensslPrints(KeyType type) {
        String pem = TestCertificates.selfSigned(type, "api.example.com");

        CertificatePins.CertificatePin pin = CertificatePins.single(pem, "certificate");

        assertThat(pin.pin().value()).isEqualTo("sha256/" + TestCertificates.opensslPin(pem));
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void reportsKeyAlgorithmAndMetadata(KeyType type) {
        String pem = TestCertificates.selfSigned(type, "meta.example.com");

        CertificatePins.CertificatePin pin = CertificatePins.single(pem, "certificate");

        assertThat(pin.keyAlgorithm())
                .isEqualTo(
                        switch (type) {
                            case RSA_2048 -> "RSA 2048";
                            case EC_P256 -> "EC P-256";
                            case EC_P384 -> "EC P-384";
                            case ED25519 -> "Ed25519";
                        });
        assertThat(pin.subject()).isEqualTo("O=Pinwheel Test,CN=meta.example.com");
        assertThat(pin.issuer()).isEqualTo(pin.subject());
        assertThat(pin.serial()).matches("[0-9A-F]+");
        assertThat(pin.notBefore()).isBefore(Instant.now().plusSeconds(60));
        assertThat(Duration.between(pin.notBefore(), pin.notAfter())).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void pinEqualsOkHttpCertificatePinner() {
        HeldCertificate rsa = new HeldCertificate.Builder()
                .rsa2048()
                .commonName("rsa.example")
                .build();
        HeldCertificate ec = new HeldCertificate.Builder()
                .ecdsa256()
                .commonName("ec.example")
                .build();

        assertThat(CertificatePins.single(rsa.certificatePem(), "certificate")
                        .pin()
                        .value())
                .isEqualTo(CertificatePinner.pin(rsa.certificate()));
        assertThat(CertificatePins.single(ec.certificatePem(), "certificate")
                        .pin()
                        .value())
                .isEqualTo(CertificatePinner.pin(ec.certificate()));
    }

    @Test
    void readsEveryCertificateOfAChainInOrderIgnoringTextAround() {
        HeldCertificate root = new HeldCertificate.Builder()
                .certificateAuthority(1)
                .commonName("Root")
                .build();
        HeldCertificate leaf = new HeldCertificate.Builder()
                .commonName("leaf.example")
                .signedBy(root)
                .build();
        String chain = "subject=CN=leaf\n" + leaf.certificatePem() + "\nissuer text\r\n"
                + root.certificatePem().replace("\n", "\r\n");

        List<CertificatePins.CertificatePin> pins = CertificatePins.fromPem(chain, "certificates");

        assertThat(pins)
                .extracting(p -> p.pin().value())
                .containsExactly(CertificatePinner.pin(leaf.certificate()), CertificatePinner.pin(root.certificate()));
        assertThat(pins.get(0).issuer()).isEqualTo("CN=Root");
    }

    @Test
    void singleRefusesAChain() {
        HeldCertificate a = new HeldCertificate.Builder().commonName("a").build();
        assertThatThrownBy(() -> CertificatePins.single(a.certificatePem() + a.certificatePem(), "certificate"))
                .hasMessageContaining("exactly one PEM certificate, not 2");
    }
}
