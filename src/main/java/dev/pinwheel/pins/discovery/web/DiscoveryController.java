package dev.pinwheel.pins.discovery.web;

import dev.pinwheel.pins.certificates.CertificateInfo;
import dev.pinwheel.pins.discovery.TlsProbe;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /admin/v1/discoveries}: learn the chain and pins a host serves (editor). */
@RestController
@RequestMapping("/admin/v1/discoveries")
class DiscoveryController {

    private final TlsProbe probe;

    DiscoveryController(TlsProbe probe) {
        this.probe = probe;
    }

    record DiscoveryRequest(
            @NotBlank @Size(max = 253) String host,
            @Min(1) @Max(65535) Integer port,
            @Size(max = 253) String sni) {}

    record DiscoveryResponse(
            String host,
            int port,
            String sni,
            String address,
            String protocol,
            String cipherSuite,
            List<ServedCertificate> chain,
            boolean trusted,
            String trustProblem,
            boolean hostMatches) {}

    /** One served certificate; {@code pin} is the {@code sha256/...} form, {@code spkiPin} the bare base64. */
    record ServedCertificate(
            String pin,
            String spkiPin,
            String subject,
            String issuer,
            String serial,
            List<String> subjectAltNames,
            java.time.Instant notBefore,
            java.time.Instant notAfter,
            String keyAlgorithm,
            Integer keySize,
            String keyCurve,
            String sha256Fingerprint) {

        static ServedCertificate of(CertificateInfo c) {
            return new ServedCertificate(
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
                    c.sha256Fingerprint());
        }
    }

    @PostMapping
    DiscoveryResponse discover(@Valid @RequestBody DiscoveryRequest request) {
        TlsProbe.Result r = probe.probe(request.host(), request.port() == null ? 443 : request.port(), request.sni());
        return new DiscoveryResponse(
                r.host(),
                r.port(),
                r.sni(),
                r.address(),
                r.protocol(),
                r.cipherSuite(),
                r.chain().stream().map(ServedCertificate::of).toList(),
                r.trusted(),
                r.trustProblem(),
                r.hostMatches());
    }
}
