package dev.pinwheel.pins.certificates;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * Whether a certificate covers a host name, per RFC 6125: the subjectAltName dNSNames are used;
 * the subject common name only when the certificate has no dNSName at all. A wildcard is allowed
 * only as the whole left-most label ({@code *.example.com}), matches exactly one label, and is
 * ignored for two-label patterns such as {@code *.com}. IP literals match iPAddress names only.
 */
public final class HostMatcher {

    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    private HostMatcher() {}

    /** True when the certificate is valid for the host name (case-insensitive, trailing dot ignored). */
    public static boolean covers(X509Certificate cert, String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        String h = normalise(host);
        if (isIpLiteral(h)) {
            return ipNames(cert).stream().anyMatch(ip -> sameAddress(ip, h));
        }
        List<String> dnsNames = dnsNames(cert);
        if (dnsNames.isEmpty()) {
            String cn = commonName(cert);
            return cn != null && matches(normalise(cn), h);
        }
        return dnsNames.stream().anyMatch(n -> matches(normalise(n), h));
    }

    /** True when a single presented name (possibly a wildcard pattern) matches the host. */
    public static boolean matches(String pattern, String host) {
        String p = normalise(pattern);
        String h = normalise(host);
        if (p.isEmpty() || h.isEmpty()) {
            return false;
        }
        if (!p.contains("*")) {
            return p.equals(h);
        }
        if (!p.startsWith("*.") || p.indexOf('*', 1) >= 0) {
            return false; // partial-label or non-left-most wildcards are not honoured
        }
        String suffix = p.substring(1); // ".example.com"
        if (suffix.indexOf('.', 1) < 0) {
            return false; // *.com and the like: too broad
        }
        if (!h.endsWith(suffix)) {
            return false;
        }
        String label = h.substring(0, h.length() - suffix.length());
        return !label.isEmpty() && label.indexOf('.') < 0;
    }

    /** The dNSName subject alternative names, in certificate order. */
    public static List<String> dnsNames(X509Certificate cert) {
        return altNames(cert, SAN_DNS);
    }

    static List<String> ipNames(X509Certificate cert) {
        return altNames(cert, SAN_IP);
    }

    /** The (last) subject common name, or null when there is none. */
    public static String commonName(X509Certificate cert) {
        X500Name name = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
        RDN[] rdns = name.getRDNs(BCStyle.CN);
        if (rdns.length == 0) {
            return null;
        }
        return IETFUtils.valueToString(rdns[rdns.length - 1].getFirst().getValue());
    }

    private static List<String> altNames(X509Certificate cert, int type) {
        List<String> out = new ArrayList<>();
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans == null) {
                return out;
            }
            for (List<?> san : sans) {
                if (san.size() >= 2 && san.get(0) instanceof Integer t && t == type && san.get(1) instanceof String s) {
                    out.add(s);
                }
            }
        } catch (CertificateParsingException e) {
            return out;
        }
        return out;
    }

    private static String normalise(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    static boolean isIpLiteral(String host) {
        return host.contains(":") || host.matches("[0-9.]+");
    }

    private static boolean sameAddress(String a, String b) {
        try {
            return InetAddress.getByName(a).equals(InetAddress.getByName(b));
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
