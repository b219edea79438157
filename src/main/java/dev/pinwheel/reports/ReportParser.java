package dev.pinwheel.reports;

import dev.pinwheel.core.ProblemException;
import dev.pinwheel.core.Violations;
import dev.pinwheel.core.pem.Pem;
import dev.pinwheel.pins.PinHash;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.security.auth.x500.X500Principal;
import tools.jackson.databind.JsonNode;

/**
 * Validates a report body (already parsed as JSON) field by field and computes the pins of the
 * certificate chains. Unknown fields are ignored (TrustKit sends a few more). Every violation is
 * named by the field as the client sent it, e.g. {@code served-certificate-chain[0]}.
 */
final class ReportParser {

    static final int MAX_CHAIN = dev.pinwheel.core.pem.PemLimits.STANDARD.maxBlocks();
    static final int MAX_KNOWN_PINS = 32;

    private static final Pattern HOST = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*");
    private static final Pattern KNOWN_PIN =
            Pattern.compile("\\s*pin-sha256\\s*=\\s*\"([A-Za-z0-9+/]{43}=)\"\\s*", Pattern.CASE_INSENSITIVE);
    private static final Pattern APP_VERSION = Pattern.compile("[^\\p{Cntrl}]{1,64}");
    private static final Pattern PLATFORM = Pattern.compile("[^\\p{Cntrl}]{1,32}");

    private ReportParser() {}

    /** @throws ProblemException 400 with {@code violations} when anything is wrong; nothing is half-accepted */
    static PinFailureReport parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw ProblemException.invalid("(body)", "must be a JSON object");
        }
        Violations v = new Violations();
        String hostname = host(root, "hostname", true, v);
        Integer port = port(root, v);
        String noted = host(root, "noted-hostname", false, v);
        Boolean includeSubdomains = bool(root, "include-subdomains", v);
        Instant expiration = instant(root, "effective-expiration-date", v);
        Instant dateTime = instant(root, "date-time", v);
        List<X509Certificate> served = chain(root, "served-certificate-chain", v);
        List<X509Certificate> validated = chain(root, "validated-certificate-chain", v);
        List<String> known = knownPins(root, v);
        String appVersion =
                text(root, "app-version", APP_VERSION, "must be 1 to 64 characters without control characters", v);
        String platform = text(root, "platform", PLATFORM, "must be 1 to 32 characters without control characters", v);
        Long bundleSeq = bundleSeq(root, v);
        if (served != null
                && validated != null
                && served.isEmpty()
                && validated.isEmpty()
                && v.list().stream().noneMatch(x -> x.field().contains("certificate-chain"))) {
            v.add(
                    "served-certificate-chain",
                    "is required (at least the leaf certificate; or send validated-certificate-chain)");
        }
        v.throwIfAny();
        List<X509Certificate> effective = served.isEmpty() ? validated : served;
        X509Certificate leaf = effective.get(0);
        return new PinFailureReport(
                hostname,
                port,
                noted,
                includeSubdomains,
                expiration,
                dateTime,
                pins(effective),
                pins(validated),
                known,
                truncate(leaf.getSubjectX500Principal().getName(X500Principal.RFC2253), 1000),
                truncate(leaf.getIssuerX500Principal().getName(X500Principal.RFC2253), 1000),
                appVersion,
                platform,
                bundleSeq);
    }

    /** The pin of a certificate without its prefix: {@link PinHash#of(X509Certificate)}. */
    static String pin(X509Certificate certificate) {
        return PinHash.of(certificate).base64();
    }

    private static List<String> pins(List<X509Certificate> chain) {
        return chain.stream().map(ReportParser::pin).toList();
    }

    private static JsonNode field(JsonNode root, String name) {
        JsonNode node = root.get(name);
        return node == null || node.isNull() ? null : node;
    }

    private static String host(JsonNode root, String name, boolean required, Violations v) {
        JsonNode node = field(root, name);
        if (node == null || (!required && node.isString() && node.stringValue().isEmpty())) {
            if (required) {
                v.add(name, "is required");
            }
            return null;
        }
        if (!node.isString()) {
            v.add(name, "must be a string");
            return null;
        }
        String host = node.stringValue().toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (!HOST.matcher(host).matches()) {
            v.add(name, "must be a host name (ASCII/punycode labels, at most 253 characters)");
            return null;
        }
        return host;
    }

    private static Integer port(JsonNode root, Violations v) {
        JsonNode node = field(root, "port");
        if (node == null) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 0 || node.intValue() > 65535) {
            v.add("port", "must be an integer from 0 to 65535");
            return null;
        }
        return node.intValue();
    }

    private static Boolean bool(JsonNode root, String name, Violations v) {
        JsonNode node = field(root, name);
        if (node == null) {
            return null;
        }
        if (!node.isBoolean()) {
            v.add(name, "must be true or false");
            return null;
        }
        return node.booleanValue();
    }

    private static Instant instant(JsonNode root, String name, Violations v) {
        JsonNode node = field(root, name);
        if (node == null) {
            return null;
        }
        if (node.isString()) {
            try {
                return OffsetDateTime.parse(node.stringValue()).toInstant();
            } catch (DateTimeParseException e) {
                // falls through to the violation
            }
        }
        v.add(name, "must be an RFC 3339 date-time, e.g. 2026-11-26T18:00:00Z");
        return null;
    }

    /** An empty list when absent; null when invalid (violations added). */
    private static List<X509Certificate> chain(JsonNode root, String name, Violations v) {
        JsonNode node = field(root, name);
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            v.add(name, "must be an array of PEM certificates");
            return null;
        }
        if (node.size() > MAX_CHAIN) {
            v.add(name, "must hold at most " + MAX_CHAIN + " certificates");
            return null;
        }
        List<X509Certificate> out = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < node.size(); i++) {
            String field = name + "[" + i + "]";
            JsonNode element = node.get(i);
            if (!element.isString()) {
                v.add(field, "must be one PEM-encoded X.509 certificate (a string)");
                ok = false;
                continue;
            }
            X509Certificate certificate = v.pem(() -> Pem.certificate(element.stringValue(), field));
            if (certificate == null) {
                ok = false;
            } else {
                out.add(certificate);
            }
        }
        return ok ? out : null;
    }

    private static List<String> knownPins(JsonNode root, Violations v) {
        JsonNode node = field(root, "known-pins");
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            v.add("known-pins", "must be an array of strings like pin-sha256=\"base64\"");
            return List.of();
        }
        if (node.size() > MAX_KNOWN_PINS) {
            v.add("known-pins", "must hold at most " + MAX_KNOWN_PINS + " pins");
            return List.of();
        }
        TreeSet<String> pins = new TreeSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode element = node.get(i);
            Matcher m = element.isString() ? KNOWN_PIN.matcher(element.stringValue()) : null;
            if (m == null || !m.matches() || !isSha256(m.group(1))) {
                v.add("known-pins[" + i + "]", "must be pin-sha256=\"<base64 of a 32-byte SHA-256>\"");
            } else {
                pins.add(m.group(1));
            }
        }
        return List.copyOf(pins);
    }

    private static boolean isSha256(String base64) {
        try {
            return Base64.getDecoder().decode(base64).length == 32;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String text(JsonNode root, String name, Pattern pattern, String message, Violations v) {
        JsonNode node = field(root, name);
        if (node == null) {
            return null;
        }
        if (!node.isString() || !pattern.matcher(node.stringValue()).matches()) {
            v.add(name, message);
            return null;
        }
        return node.stringValue();
    }

    private static Long bundleSeq(JsonNode root, Violations v) {
        JsonNode node = field(root, "bundle-seq");
        if (node == null) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
            v.add("bundle-seq", "must be a non-negative integer");
            return null;
        }
        return node.longValue();
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
