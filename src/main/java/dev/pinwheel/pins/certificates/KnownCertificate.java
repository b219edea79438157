package dev.pinwheel.pins.certificates;

import java.time.Instant;

/**
 * A certificate stored for a domain.
 *
 * @param position   its position in the uploaded chain (0 = leaf)
 * @param uploadedBy the actor who uploaded it
 */
public record KnownCertificate(
        long id, String host, int position, CertificateInfo certificate, Instant uploadedAt, String uploadedBy) {}
