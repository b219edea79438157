package dev.pinwheel.bundles;

import dev.pinwheel.pins.PinCatalog;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bundle payload format (docs/adr/0003-bundle-format-and-signing-key-custody.md): claims in a fixed order, serialised once
 * and signed as those bytes. Parsing is only for history and republishing; the stored JWS is
 * never re-serialised to be served.
 */
final class BundlePayloads {

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

    private final JsonMapper json;

    BundlePayloads(JsonMapper json) {
        this.json = json;
    }

    /** The payload claims, in the order of the design. */
    Map<String, Object> claims(
            String issuer,
            String appId,
            long seq,
            Instant iat,
            Duration lifetime,
            Duration pollInterval,
            Duration maxStale,
            List<PinCatalog.DomainPins> domains) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("iss", issuer);
        c.put("aud", appId);
        c.put("seq", seq);
        c.put("iat", iat.getEpochSecond());
        c.put("exp", iat.plus(lifetime).getEpochSecond());
        c.put("pollIntervalSeconds", pollInterval.toSeconds());
        c.put("maxStaleSeconds", maxStale.toSeconds());
        c.put("reportUri", issuer + "/v1/apps/" + appId + "/reports");
        List<Map<String, Object>> ds = new ArrayList<>();
        for (PinCatalog.DomainPins d : domains) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("host", d.host());
            m.put("includeSubdomains", d.includeSubdomains());
            m.put("mode", d.mode().wireName());
            m.put("pinSetVersion", d.pinSetVersion());
            List<Map<String, Object>> pins = new ArrayList<>();
            for (PinCatalog.Pin p : d.pins()) {
                Map<String, Object> pm = new LinkedHashMap<>();
                pm.put("sha256", p.hash().base64());
                pm.put("role", p.role().wireName());
                pins.add(pm);
            }
            m.put("pins", pins);
            ds.add(m);
        }
        c.put("domains", ds);
        return c;
    }

    byte[] serialise(Map<String, Object> claims) {
        return json.writeValueAsBytes(claims);
    }

    /** The decoded payload of a compact JWS (not verified: only for JWS this service stored). */
    Map<String, Object> payloadOf(String compactJws) {
        return decodePart(compactJws.split("\\.", -1)[1]);
    }

    /** The decoded protected header of a compact JWS. */
    Map<String, Object> headerOf(String compactJws) {
        return decodePart(compactJws.split("\\.", -1)[0]);
    }

    /** The domains and pins of a stored payload, to republish or re-sign them. */
    static List<PinCatalog.DomainPins> domainsOf(Map<String, Object> payload) {
        return BundleClaims.fromPayload(payload).domains().stream()
                .map(d -> new PinCatalog.DomainPins(
                        d.host(),
                        d.includeSubdomains(),
                        d.mode(),
                        d.pinSetVersion(),
                        d.pins().stream()
                                .map(p -> new PinCatalog.Pin(p.hash(), p.role()))
                                .toList()))
                .toList();
    }

    private Map<String, Object> decodePart(String part) {
        byte[] bytes = Base64.getUrlDecoder().decode(part);
        return json.readValue(new String(bytes, StandardCharsets.UTF_8), MAP);
    }
}
