package dev.pinwheel.bundles;

import dev.pinwheel.pins.DomainMode;
import dev.pinwheel.pins.PinHash;
import dev.pinwheel.pins.PinRole;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The claims of a published bundle read back from its stored payload — the same bytes delivery
 * serves — so that what is rendered from it (preloading exports, the pins a report is compared
 * with) can never carry other pins than the bundle. Parsing only: the signature is not checked
 * here, so read only bundles this service stored.
 *
 * @param jws the compact JWS the payload was read from; null when read from a decoded payload
 */
public record BundleClaims(
        String appId,
        long seq,
        Instant issuedAt,
        Instant expiresAt,
        long maxStaleSeconds,
        String reportUri,
        List<Domain> domains,
        String jws) {

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

    /** A domain as in the bundle: host, includeSubdomains, mode, the pin-set version it was published from, pins in order. */
    public record Domain(String host, boolean includeSubdomains, DomainMode mode, int pinSetVersion, List<Pin> pins) {

        public boolean enforced() {
            return mode == DomainMode.ENFORCE;
        }
    }

    /** A pin as in the bundle: the SHA-256 of the SPKI and its role. */
    public record Pin(PinHash hash, PinRole role) {}

    /** When clients stop enforcing these pins at the latest: {@code exp + maxStaleSeconds}. */
    public Instant pinsExpireAt() {
        return expiresAt.plusSeconds(maxStaleSeconds);
    }

    /** {@link #pinsExpireAt()} as a UTC date (yyyy-MM-dd). */
    public LocalDate pinsExpireOn() {
        return LocalDate.ofInstant(pinsExpireAt(), ZoneOffset.UTC);
    }

    /** Reads the payload of a compact JWS this service stored (its signature is not checked here). */
    public static BundleClaims fromJws(String jws, JsonMapper json) {
        String[] parts = jws.split("\\.", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a compact JWS");
        }
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        BundleClaims b = fromPayload(json.readValue(payload, MAP));
        return new BundleClaims(
                b.appId, b.seq, b.issuedAt, b.expiresAt, b.maxStaleSeconds, b.reportUri, b.domains, jws);
    }

    /**
     * Reads a decoded bundle payload (the claims of docs/adr/0003-bundle-format-and-signing-key-custody.md):
     * the one reader of stored bundle payloads, for republishing and re-signing as for exports and reports.
     */
    @SuppressWarnings("unchecked")
    public static BundleClaims fromPayload(Map<String, Object> payload) {
        List<Domain> domains = new ArrayList<>();
        for (Object o : (List<Object>) payload.getOrDefault("domains", List.of())) {
            Map<String, Object> d = (Map<String, Object>) o;
            List<Pin> pins = new ArrayList<>();
            for (Object po : (List<Object>) d.getOrDefault("pins", List.of())) {
                Map<String, Object> p = (Map<String, Object>) po;
                pins.add(new Pin(new PinHash((String) p.get("sha256")), PinRole.fromWire((String) p.get("role"))));
            }
            domains.add(new Domain(
                    (String) d.get("host"),
                    Boolean.TRUE.equals(d.get("includeSubdomains")),
                    DomainMode.fromWire((String) d.get("mode")),
                    d.get("pinSetVersion") instanceof Number n ? n.intValue() : 0,
                    List.copyOf(pins)));
        }
        return new BundleClaims(
                (String) payload.get("aud"),
                number(payload, "seq"),
                Instant.ofEpochSecond(number(payload, "iat")),
                Instant.ofEpochSecond(number(payload, "exp")),
                number(payload, "maxStaleSeconds"),
                (String) payload.get("reportUri"),
                List.copyOf(domains),
                null);
    }

    private static long number(Map<String, Object> payload, String claim) {
        Object v = payload.get(claim);
        return v instanceof Number n ? n.longValue() : 0;
    }
}
