package dev.pinwheel.pins.certificates;

import dev.pinwheel.pins.PinHash;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** A certificate uploaded for a domain; immutable once stored. */
@Entity
@Table(name = "certificates")
class StoredCertificate {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "domain_id", nullable = false, updatable = false)
    private Long domainId;

    @Column(name = "position", nullable = false, updatable = false)
    private int position;

    @Column(name = "subject", nullable = false, length = 2000, updatable = false)
    private String subject;

    @Column(name = "issuer", nullable = false, length = 2000, updatable = false)
    private String issuer;

    @Column(name = "serial", nullable = false, length = 100, updatable = false)
    private String serial;

    @Column(name = "subject_alt_names", nullable = false, length = 10000, updatable = false)
    private String subjectAltNames;

    @Column(name = "not_before", nullable = false, updatable = false)
    private Instant notBefore;

    @Column(name = "not_after", nullable = false, updatable = false)
    private Instant notAfter;

    @Column(name = "key_algorithm", nullable = false, length = 40, updatable = false)
    private String keyAlgorithm;

    @Column(name = "key_size", updatable = false)
    private Integer keySize;

    @Column(name = "key_curve", length = 40, updatable = false)
    private String keyCurve;

    @Column(name = "spki_pin", nullable = false, length = 44, updatable = false)
    private String spkiPin;

    @Column(name = "sha256_fingerprint", nullable = false, length = 64, updatable = false)
    private String sha256Fingerprint;

    @Column(name = "uploaded_at", nullable = false, updatable = false)
    private Instant uploadedAt;

    @Column(name = "uploaded_by", nullable = false, length = 200, updatable = false)
    private String uploadedBy;

    protected StoredCertificate() {}

    StoredCertificate(Long domainId, int position, CertificateInfo info, Instant now, String actor) {
        this.domainId = domainId;
        this.position = position;
        this.subject = truncate(info.subject(), 2000);
        this.issuer = truncate(info.issuer(), 2000);
        this.serial = truncate(info.serial(), 100);
        this.subjectAltNames = truncate(String.join(",", info.subjectAltNames()), 10000);
        this.notBefore = info.notBefore();
        this.notAfter = info.notAfter();
        this.keyAlgorithm = truncate(info.keyAlgorithm(), 40);
        this.keySize = info.keySize();
        this.keyCurve = info.keyCurve();
        this.spkiPin = info.spkiPin().base64();
        this.sha256Fingerprint = info.sha256Fingerprint();
        this.uploadedAt = now;
        this.uploadedBy = truncate(actor, 200);
    }

    Long id() {
        return id;
    }

    Long domainId() {
        return domainId;
    }

    KnownCertificate view(String host) {
        List<String> sans = subjectAltNames.isEmpty() ? List.of() : Arrays.asList(subjectAltNames.split(","));
        return new KnownCertificate(
                id,
                host,
                position,
                new CertificateInfo(
                        subject,
                        issuer,
                        serial,
                        List.copyOf(sans),
                        notBefore,
                        notAfter,
                        keyAlgorithm,
                        keySize,
                        keyCurve,
                        new PinHash(spkiPin),
                        sha256Fingerprint),
                uploadedAt,
                uploadedBy);
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
