package dev.pinwheel.pins;

import dev.pinwheel.core.Violations;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Embeddable;
import java.time.Instant;
import java.util.Objects;

/**
 * One pin of a pin set version: the hash, its role, an optional label and, when it was computed
 * from a certificate, that certificate's metadata. Immutable.
 */
@Embeddable
public class Pin implements PinnedKey {

    @Column(name = "sha256", nullable = false, length = 44)
    private String sha256;

    @Convert(converter = Converters.PinRoleConverter.class)
    @Column(name = "role", nullable = false, length = 16)
    private PinRole role;

    @Column(name = "label", length = 200)
    private String label;

    @Column(name = "cert_subject", length = 2000)
    private String certSubject;

    @Column(name = "cert_issuer", length = 2000)
    private String certIssuer;

    @Column(name = "cert_serial", length = 100)
    private String certSerial;

    @Column(name = "cert_not_before")
    private Instant certNotBefore;

    @Column(name = "cert_not_after")
    private Instant certNotAfter;

    protected Pin() {}

    /**
     * @param label       may be null
     * @param certificate may be null: the pin was given as a hash
     */
    /** The longest label a pin may carry. */
    public static final int MAX_LABEL = 200;

    /**
     * Parses one pin of a request: its hash (or the certificate it is computed from), role and label.
     * Every bad part is added to {@code v} under {@code field} ({@code pins[1].sha256}, ...).
     *
     * @return the pin, or null when a violation was added
     */
    public static Pin parse(Violations v, String field, String sha256, String certificate, String role, String label) {
        PinHash hash = null;
        CertificatePins.CertificatePin cert = null;
        if (sha256 != null && certificate != null) {
            v.add(field, "give either sha256 or certificate, not both");
        } else if (sha256 == null && certificate == null) {
            v.add(field + ".sha256", "is required (or give certificate instead)");
        } else if (sha256 != null) {
            hash = v.required(field + ".sha256", sha256, PinHash::parse);
        } else {
            cert = v.pem(() -> CertificatePins.single(certificate, field + ".certificate"));
            hash = cert == null ? null : cert.pin();
        }
        PinRole r = v.oneOf(field + ".role", role, PinRole.class);
        if (label != null && label.length() > MAX_LABEL) {
            v.add(field + ".label", "must be at most " + MAX_LABEL + " characters");
            return null;
        }
        return hash == null || r == null ? null : new Pin(hash, r, label, cert);
    }

    public Pin(PinHash hash, PinRole role, String label, CertificatePins.CertificatePin certificate) {
        this.sha256 = Objects.requireNonNull(hash, "hash").base64();
        this.role = Objects.requireNonNull(role, "role");
        this.label = label;
        if (certificate != null) {
            this.certSubject = clip(certificate.subject(), 2000);
            this.certIssuer = clip(certificate.issuer(), 2000);
            this.certSerial = clip(certificate.serial(), 100);
            this.certNotBefore = certificate.notBefore();
            this.certNotAfter = certificate.notAfter();
        }
    }

    /**
     * This pin (same hash, role and label) with the certificate metadata of {@code earlier}, the
     * same key in an earlier version; this pin itself when {@code earlier} is null, is another key
     * or has no certificate.
     */
    Pin withCertificateOf(Pin earlier) {
        if (earlier == null || !earlier.hasCertificate() || !earlier.sha256.equals(sha256)) {
            return this;
        }
        Pin p = copy();
        p.certSubject = earlier.certSubject;
        p.certIssuer = earlier.certIssuer;
        p.certSerial = earlier.certSerial;
        p.certNotBefore = earlier.certNotBefore;
        p.certNotAfter = earlier.certNotAfter;
        return p;
    }

    /** This pin (same hash, label and certificate metadata) with another role. */
    Pin withRole(PinRole newRole) {
        if (newRole == role) {
            return this;
        }
        Pin p = copy();
        p.role = Objects.requireNonNull(newRole, "role");
        return p;
    }

    private Pin copy() {
        Pin p = new Pin();
        p.sha256 = sha256;
        p.role = role;
        p.label = label;
        p.certSubject = certSubject;
        p.certIssuer = certIssuer;
        p.certSerial = certSerial;
        p.certNotBefore = certNotBefore;
        p.certNotAfter = certNotAfter;
        return p;
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    @Override
    public PinHash hash() {
        return new PinHash(sha256);
    }

    @Override
    public PinRole role() {
        return role;
    }

    /** May be null. */
    public String label() {
        return label;
    }

    /** Whether the pin came from a certificate (then the cert* accessors are not null). */
    public boolean hasCertificate() {
        return certNotAfter != null;
    }

    public String certSubject() {
        return certSubject;
    }

    public String certIssuer() {
        return certIssuer;
    }

    public String certSerial() {
        return certSerial;
    }

    public Instant certNotBefore() {
        return certNotBefore;
    }

    public Instant certNotAfter() {
        return certNotAfter;
    }
}
