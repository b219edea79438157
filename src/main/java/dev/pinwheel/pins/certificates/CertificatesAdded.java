package dev.pinwheel.pins.certificates;

import dev.pinwheel.pins.DomainEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Certificates were stored for a domain.
 *
 * @param leafPin     the SPKI pin of the leaf, {@code sha256/...}
 * @param leafNotAfter the leaf's expiry (ISO-8601)
 * @param added       SHA-256 fingerprints of the certificates that were new
 */
public record CertificatesAdded(
        String host, String leafSubject, String leafPin, String leafNotAfter, List<String> added)
        implements DomainEvent {

    @Override
    public String action() {
        return "certificate.added";
    }

    @Override
    public Map<String, Object> summary() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("leafSubject", leafSubject);
        s.put("leafPin", leafPin);
        s.put("leafNotAfter", leafNotAfter);
        s.put("added", added);
        return s;
    }
}
