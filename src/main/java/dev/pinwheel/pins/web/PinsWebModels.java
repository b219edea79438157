package dev.pinwheel.pins.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.pinwheel.core.ProblemException;
import dev.pinwheel.core.Violations;
import dev.pinwheel.pins.App;
import dev.pinwheel.pins.AppId;
import dev.pinwheel.pins.AppSettings;
import dev.pinwheel.pins.CertificatePins;
import dev.pinwheel.pins.Domain;
import dev.pinwheel.pins.DomainMode;
import dev.pinwheel.pins.HostName;
import dev.pinwheel.pins.Pin;
import dev.pinwheel.pins.PinManagement;
import dev.pinwheel.pins.PinSetVersion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;

/** Request and response records of the pins admin API (never entities). */
final class PinsWebModels {

    static final int DEFAULT_SIZE = 20;
    static final int MAX_SIZE = 100;

    private PinsWebModels() {}

    record AppCreateRequest(
            String id,
            String displayName,
            Long pollIntervalSeconds,
            Long bundleLifetimeSeconds,
            Integer promoteAdoptionPercent) {

        AppSettings settings(Violations v) {
            return AppSettings.parse(
                    v, displayName, pollIntervalSeconds, bundleLifetimeSeconds, promoteAdoptionPercent);
        }
    }

    record AppUpdateRequest(
            String displayName, Long pollIntervalSeconds, Long bundleLifetimeSeconds, Integer promoteAdoptionPercent) {

        /** The settings; 400 naming every bad field. */
        AppSettings settings() {
            Violations v = new Violations();
            AppSettings settings = AppSettings.parse(
                    v, displayName, pollIntervalSeconds, bundleLifetimeSeconds, promoteAdoptionPercent);
            v.throwIfAny();
            return settings;
        }
    }

    record AppDomainsRequest(List<String> hosts) {

        /** The hosts, null where one is malformed (then a violation {@code hosts[i]} was added). */
        List<HostName> hostNames(Violations v) {
            if (hosts == null) {
                throw ProblemException.invalid("hosts", "is required");
            }
            List<HostName> out = new ArrayList<>();
            for (int i = 0; i < hosts.size(); i++) {
                out.add(v.required("hosts[" + i + "]", hosts.get(i), HostName::of));
            }
            return out;
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AppResponse(
            String id,
            String displayName,
            Long pollIntervalSeconds,
            Long bundleLifetimeSeconds,
            int promoteAdoptionPercent,
            List<String> domains,
            Instant createdAt,
            Instant updatedAt) {
        static AppResponse of(App a) {
            return new AppResponse(
                    a.id().value(),
                    a.displayName(),
                    a.pollInterval() == null ? null : a.pollInterval().toSeconds(),
                    a.bundleLifetime() == null ? null : a.bundleLifetime().toSeconds(),
                    a.promoteAdoptionPercent(),
                    a.hosts(),
                    a.createdAt(),
                    a.updatedAt());
        }
    }

    record DomainCreateRequest(String host, Boolean includeSubdomains, String mode) {}

    record DomainUpdateRequest(Boolean includeSubdomains, String mode) {}

    /** One domain as created or updated: its mode is required, {@code includeSubdomains} as the request says. */
    record DomainSettings(HostName host, boolean includeSubdomains, DomainMode mode) {

        /** The new domain's settings; 400 naming every bad field. */
        static DomainSettings of(DomainCreateRequest r) {
            Violations v = new Violations();
            HostName host = v.required("host", r.host(), HostName::of);
            DomainMode mode = v.oneOf("mode", r.mode(), DomainMode.class);
            v.throwIfAny();
            return new DomainSettings(host, Boolean.TRUE.equals(r.includeSubdomains()), mode);
        }

        /** The domain's new settings ({@code includeSubdomains} required); 400 naming every bad field. */
        static DomainSettings of(HostName host, DomainUpdateRequest r) {
            Violations v = new Violations();
            DomainMode mode = v.oneOf("mode", r.mode(), DomainMode.class);
            if (r.includeSubdomains() == null) {
                v.add("includeSubdomains", "is required");
            }
            v.throwIfAny();
            return new DomainSettings(host, r.includeSubdomains(), mode);
        }
    }

    record DomainResponse(
            String host,
            boolean includeSubdomains,
            String mode,
            int currentVersion,
            List<String> apps,
            Instant createdAt,
            Instant updatedAt) {
        static DomainResponse of(Domain d, List<String> apps) {
            return new DomainResponse(
                    d.host().value(),
                    d.includeSubdomains(),
                    d.mode().wireName(),
                    d.currentVersion(),
                    apps,
                    d.createdAt(),
                    d.updatedAt());
        }
    }

    /**
     * One pin as a caller gives it: exactly one of {@code sha256} ({@code sha256/<base64>} or bare
     * base64) and {@code certificate} (one PEM certificate), a role ({@code primary}|{@code backup})
     * and an optional label. Fields may be null; {@link #pin} reports what is missing.
     */
    record PinRequest(String sha256, String certificate, String role, String label) {

        /** The pin, or null when a violation of {@code field} (e.g. {@code pins[1]}) was added. */
        Pin pin(Violations v, String field) {
            return Pin.parse(v, field, sha256, certificate, role, label);
        }
    }

    record PinSetRequest(List<PinRequest> pins, String comment) {

        /** The pins; 400 naming every bad field ({@code pins[i].sha256}…), or the PEM problem of a certificate. */
        List<Pin> parsePins() {
            if (pins == null) {
                throw ProblemException.invalid("pins", "is required");
            }
            if (pins.size() > PinManagement.MAX_PINS) {
                throw ProblemException.invalid("pins", "at most " + PinManagement.MAX_PINS + " pins are allowed");
            }
            Violations v = new Violations();
            if (comment != null && comment.length() > PinManagement.MAX_COMMENT) {
                v.add("comment", "must be at most " + PinManagement.MAX_COMMENT + " characters");
            }
            List<Pin> out = new ArrayList<>();
            for (int i = 0; i < pins.size(); i++) {
                String field = "pins[" + i + "]";
                PinRequest in = pins.get(i);
                if (in == null) {
                    v.add(field, "must be an object");
                    continue;
                }
                Pin pin = in.pin(v, field);
                if (pin != null) {
                    out.add(pin);
                }
            }
            v.throwIfAny();
            return out;
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CertificateInfo(String subject, String issuer, String serial, Instant notBefore, Instant notAfter) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PinResponse(String sha256, String role, String label, CertificateInfo certificate) {
        static PinResponse of(Pin p) {
            return new PinResponse(
                    p.hash().value(),
                    p.role().wireName(),
                    p.label(),
                    p.hasCertificate()
                            ? new CertificateInfo(
                                    p.certSubject(),
                                    p.certIssuer(),
                                    p.certSerial(),
                                    p.certNotBefore(),
                                    p.certNotAfter())
                            : null);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PinSetResponse(
            String host, int version, String author, Instant createdAt, String comment, List<PinResponse> pins) {
        static PinSetResponse of(String host, PinSetVersion v) {
            return new PinSetResponse(
                    host,
                    v.version(),
                    v.author(),
                    v.createdAt(),
                    v.comment(),
                    v.pins().stream().map(PinResponse::of).toList());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record VersionSummary(int version, String author, Instant createdAt, String comment, int pinCount) {
        static VersionSummary of(PinSetVersion v) {
            return new VersionSummary(
                    v.version(),
                    v.author(),
                    v.createdAt(),
                    v.comment(),
                    v.pins().size());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RoleChangeResponse(String sha256, String label, String from, String to) {}

    record DiffResponse(
            String host,
            int from,
            int to,
            List<PinResponse> added,
            List<PinResponse> removed,
            List<RoleChangeResponse> roleChanged) {}

    record CertificatePinsRequest(String certificates) {}

    record CertificatePinResponse(
            String sha256,
            String subject,
            String issuer,
            String serial,
            Instant notBefore,
            Instant notAfter,
            String keyAlgorithm) {
        static CertificatePinResponse of(CertificatePins.CertificatePin c) {
            return new CertificatePinResponse(
                    c.pin().value(),
                    c.subject(),
                    c.issuer(),
                    c.serial(),
                    c.notBefore(),
                    c.notAfter(),
                    c.keyAlgorithm());
        }
    }

    record CertificatePinsResponse(List<CertificatePinResponse> certificates) {}

    /** One page of a list, newest or alphabetically first as the endpoint says. */
    record PageResponse<T>(List<T> items, int page, int size, long totalItems, int totalPages) {
        static <E, T> PageResponse<T> of(Page<E> page, Function<E, T> map) {
            return new PageResponse<>(
                    page.getContent().stream().map(map).toList(),
                    page.getNumber(),
                    page.getSize(),
                    page.getTotalElements(),
                    page.getTotalPages());
        }
    }

    /** {@code page} (from 0) and {@code size} (1–100, default 20); 400 with violations otherwise. */
    static Pageable pageable(Integer page, Integer size) {
        Violations v = new Violations();
        int p = page == null ? 0 : page;
        int s = size == null ? DEFAULT_SIZE : size;
        if (p < 0 || p > 1_000_000) {
            v.add("page", "must be between 0 and 1000000");
        }
        if (s < 1 || s > MAX_SIZE) {
            v.add("size", "must be between 1 and " + MAX_SIZE);
        }
        v.throwIfAny();
        return PageRequest.of(p, s);
    }

    /** A host name path variable; 400 ({@code host}) when it cannot be one. */
    static HostName host(String host) {
        return Violations.single("host", host, HostName::of);
    }

    /** An app id path variable or parameter; 400 ({@code appId}) when it cannot be one. */
    static AppId appId(String appId) {
        return Violations.single("appId", appId, AppId::parse);
    }

    static <T> T body(T body) {
        if (body == null) {
            throw ProblemException.invalid("body", "is required");
        }
        return body;
    }
}
