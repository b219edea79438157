package dev.pinwheel.pins.web;

import dev.pinwheel.core.ProblemException;
import dev.pinwheel.pins.CertificatePins;
import dev.pinwheel.pins.web.PinsWebModels.CertificatePinResponse;
import dev.pinwheel.pins.web.PinsWebModels.CertificatePinsRequest;
import dev.pinwheel.pins.web.PinsWebModels.CertificatePinsResponse;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Computes pins and metadata from PEM certificates; stores nothing. */
@RestController
class CertificatePinController {

    @PostMapping(path = "/admin/v1/certificate-pins", consumes = "application/json", produces = "application/json")
    CertificatePinsResponse pins(@RequestBody(required = false) CertificatePinsRequest request) {
        CertificatePinsRequest r = PinsWebModels.body(request);
        if (r.certificates() == null) {
            throw ProblemException.invalid("certificates", "is required: one or more PEM certificates");
        }
        return new CertificatePinsResponse(CertificatePins.fromPem(r.certificates(), "certificates").stream()
                .map(CertificatePinResponse::of)
                .toList());
    }
}
