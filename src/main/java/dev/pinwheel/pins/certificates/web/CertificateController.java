package dev.pinwheel.pins.certificates.web;

import dev.pinwheel.core.ProblemException;
import dev.pinwheel.core.Violations;
import dev.pinwheel.pins.HostName;
import dev.pinwheel.pins.certificates.CertificateInfo;
import dev.pinwheel.pins.certificates.CertificateManagement;
import dev.pinwheel.pins.certificates.KnownCertificate;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /admin/v1/domains/{host}/certificates} (upload: editor, list: viewer) and
 * {@code /admin/v1/certificates?expiringWithin=P30D} (viewer).
 */
@RestController
class CertificateController {

    static final String PEM = "application/x-pem-file";

    private final CertificateManagement certificates;

    CertificateController(CertificateManagement certificates) {
        this.certificates = certificates;
    }

    /** A PEM chain in JSON: {@code {"pem": "-----BEGIN CERTIFICATE-----..."}}. */
    record CertificateUploadRequest(String pem) {}

    record CertificateResponse(
            long id,
            String host,
            int position,
            String pin,
            String spkiPin,
            String subject,
            String issuer,
            String serial,
            List<String> subjectAltNames,
            Instant notBefore,
            Instant notAfter,
            String keyAlgorithm,
            Integer keySize,
            String keyCurve,
            String sha256Fingerprint,
            Instant uploadedAt,
            String uploadedBy) {

        static CertificateResponse of(KnownCertificate k) {
            CertificateInfo c = k.certificate();
            return new CertificateResponse(
                    k.id(),
                    k.host(),
                    k.position(),
                    c.spkiPin().value(),
                    c.spkiPin().base64(),
                    c.subject(),
                    c.issuer(),
                    c.serial(),
                    c.subjectAltNames(),
                    c.notBefore(),
                    c.notAfter(),
                    c.keyAlgorithm(),
                    c.keySize(),
                    c.keyCurve(),
                    c.sha256Fingerprint(),
                    k.uploadedAt(),
                    k.uploadedBy());
        }
    }

    record CertificateList(List<CertificateResponse> certificates) {}

    @PostMapping(path = "/admin/v1/domains/{host}/certificates", consumes = "application/json")
    ResponseEntity<CertificateList> uploadJson(
            @PathVariable String host, @RequestBody CertificateUploadRequest request) {
        if (request == null || request.pem() == null || request.pem().isBlank()) {
            throw ProblemException.invalid("pem", "is required: the PEM chain, leaf first");
        }
        return created(certificates.upload(host(host), request.pem()));
    }

    @PostMapping(
            path = "/admin/v1/domains/{host}/certificates",
            consumes = {PEM, "text/plain"})
    ResponseEntity<CertificateList> uploadPem(@PathVariable String host, @RequestBody(required = false) String pem) {
        return created(certificates.upload(host(host), pem == null ? "" : pem));
    }

    @GetMapping("/admin/v1/domains/{host}/certificates")
    CertificateList forDomain(@PathVariable String host) {
        return new CertificateList(certificates.forDomain(host(host)).stream()
                .map(CertificateResponse::of)
                .toList());
    }

    @GetMapping("/admin/v1/certificates")
    CertificateList expiring(@RequestParam(required = false) String expiringWithin) {
        Duration within = null;
        if (expiringWithin != null) {
            try {
                within = Duration.parse(expiringWithin);
            } catch (DateTimeParseException e) {
                throw ProblemException.invalid("expiringWithin", "must be an ISO-8601 duration such as P30D or PT12H");
            }
            if (within.isNegative()) {
                throw ProblemException.invalid("expiringWithin", "must not be negative");
            }
        }
        return new CertificateList(certificates.expiring(within).stream()
                .map(CertificateResponse::of)
                .toList());
    }

    private static ResponseEntity<CertificateList> created(List<KnownCertificate> chain) {
        return ResponseEntity.created(
                        URI.create("/admin/v1/domains/" + chain.get(0).host() + "/certificates"))
                .body(new CertificateList(
                        chain.stream().map(CertificateResponse::of).toList()));
    }

    private static HostName host(String host) {
        return Violations.single("host", host, HostName::of);
    }
}
