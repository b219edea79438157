package dev.pinwheel.pins.web;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.pinwheel.core.ProblemException;
import dev.pinwheel.core.Violation;
import dev.pinwheel.pins.App;
import dev.pinwheel.pins.CertificatePins;
import dev.pinwheel.pins.Domain;
import dev.pinwheel.pins.Pin;
import dev.pinwheel.pins.PinSetVersion;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;

/** Request and response records of the pins admin API (never entities). */
final class PinsWebModels {

    static final int DEFAULT_SIZE = 20;
    static final int MAX_SIZE = 100;

    private PinsWebModels() {
    }

    record AppCreateRequest(String id, String displayName, Long pollIntervalSeconds, Long bundleLifetimeSeconds,
            Integer promoteAdoptionPercent) {
    }

    record AppUpdateRequest(String displayName, Long pollIntervalSeconds, Long bundleLifetimeSeconds,
            Integer promoteAdoptionPercent) {
    }

    record AppDomainsRequest(List<String> hosts) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AppResponse(String id, String displayName, Long pollIntervalSeconds, Long bundleLifetimeSeconds,
            int promoteAdoptionPercent, List<String> domains, Instant createdAt, Instant updatedAt) {
        static AppResponse of(App a) {
            return new AppResponse(a.id().value(), a.displayName(),
                    a.pollInterval() == null ? null : a.pollInterval().toSeconds(),
                    a.bundleLifetime() == null ? null : a.bundleLifetime().toSeconds(),
                    a.promoteAdoptionPercent(), a.hosts(), a.createdAt(), a.updatedAt());
        }
    }

    record DomainCreateRequest(String host, Boolean includeSubdomains, String mode) {
    }

    record DomainUpdateRequest(Boolean includeSubdomains, String mode) {
    }

    record DomainResponse(String host, boolean includeSubdomains, String mode, int currentVersion,
            List<String> apps, Instant createdAt, Instant updatedAt) {
        static DomainResponse of(Domain d, List<String> apps) {
            return new DomainResponse(d.host().value(), d.includeSubdomains(), d.mode().wireName(),
                    d.currentVersion(), apps, d.createdAt(), d.updatedAt());
        }
    }

    record PinRequest(String sha256, String certificate, String role, String label) {
    }

    record PinSetRequest(List<PinRequest> pins, String comment) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CertificateInfo(String subject, String issuer, String serial, Instant notBefore, Instant notAfter) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PinResponse(String sha256, String role, String label, CertificateInfo certificate) {
        static PinResponse of(Pin p) {
            return new PinResponse(p.hash().value(), p.role().wireName(), p.label(), p.hasCertificate()
                    ? new CertificateInfo(p.certSubject(), p.certIssuer(), p.certSerial(), p.certNotBefore(),
                            p.certNotAfter())
                    : null);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PinSetResponse(String host, int version, String author, Instant createdAt, String comment,
            List<PinResponse> pins) {
        static PinSetResponse of(String host, PinSetVersion v) {
            return new PinSetResponse(host, v.version(), v.author(), v.createdAt(), v.comment(),
                    v.pins().stream().map(PinResponse::of).toList());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record VersionSummary(int version, String author, Instant createdAt, String comment, int pinCount) {
        static VersionSummary of(PinSetVersion v) {
            return new VersionSummary(v.version(), v.author(), v.createdAt(), v.comment(), v.pins().size());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RoleChangeResponse(String sha256, String label, String from, String to) {
    }

    record DiffResponse(String host, int from, int to, List<PinResponse> added, List<PinResponse> removed,
            List<RoleChangeResponse> roleChanged) {
    }

    record CertificatePinsRequest(String certificates) {
    }

    record CertificatePinResponse(String sha256, String subject, String issuer, String serial, Instant notBefore,
            Instant notAfter, String keyAlgorithm) {
        static CertificatePinResponse of(CertificatePins.CertificatePin c) {
            return new CertificatePinResponse(c.pin().value(), c.subject(), c.issuer(), c.serial(), c.notBefore(),
                    c.notAfter(), c.keyAlgorithm());
        }
    }

    record CertificatePinsResponse(List<CertificatePinResponse> certificates) {
    }

    /** One page of a list, newest or alphabetically first as the endpoint says. */
    record PageResponse<T>(List<T> items, int page, int size, long totalItems, int totalPages) {
        static <E, T> PageResponse<T> of(Page<E> page, Function<E, T> map) {
            return new PageResponse<>(page.getContent().stream().map(map).toList(), page.getNumber(), page.getSize(),
                    page.getTotalElements(), page.getTotalPages());
        }
    }

    /** {@code page} (from 0) and {@code size} (1–100, default 20); 400 with violations otherwise. */
    static Pageable pageable(Integer page, Integer size) {
        List<Violation> v = new java.util.ArrayList<>();
        int p = page == null ? 0 : page;
        int s = size == null ? DEFAULT_SIZE : size;
        if (p < 0 || p > 1_000_000) {
            v.add(new Violation("page", "must be between 0 and 1000000"));
        }
        if (s < 1 || s > MAX_SIZE) {
            v.add(new Violation("size", "must be between 1 and " + MAX_SIZE));
        }
        if (!v.isEmpty()) {
            throw ProblemException.invalid(v);
        }
        return PageRequest.of(p, s);
    }

    static <T> T body(T body) {
        if (body == null) {
            throw ProblemException.invalid("body", "is required");
        }
        return body;
    }
}
