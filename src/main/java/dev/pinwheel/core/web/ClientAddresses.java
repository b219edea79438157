package dev.pinwheel.core.web;

import jakarta.servlet.http.HttpServletRequest;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * The one place that decides who the client of a request is, for rate limits and throttles.
 *
 * <p>The peer address counts, unless the peer is a configured trusted proxy: then the
 * {@code Forwarded} (RFC 7239) header, or else {@code X-Forwarded-For}, is read from the right
 * (the entry the nearest proxy added) past every further trusted proxy; the first untrusted entry
 * is the client. Headers from untrusted peers are ignored, so a client cannot choose its own
 * address. IPv6 clients are counted per network ({@code ipv6-prefix-length}, /64 by default).
 *
 * <p>Warning: list only proxies you run. A trusted proxy can name any client address.
 */
@Component
public class ClientAddresses {

    private static final int MAX_HOPS = 20;

    private final List<Cidr> trusted;
    private final int ipv6PrefixLength;

    public ClientAddresses(ClientAddressProperties properties) {
        List<Cidr> parsed = new ArrayList<>();
        for (String entry : properties.trustedProxies()) {
            try {
                parsed.add(Cidr.parse(entry));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("pinwheel.client-address.trusted-proxies: " + e.getMessage(), e);
            }
        }
        this.trusted = List.copyOf(parsed);
        this.ipv6PrefixLength = properties.ipv6PrefixLength();
    }

    /** The client's address (see the class comment); the peer address when nothing better is known. */
    public InetAddress client(HttpServletRequest request) {
        InetAddress peer = Cidr.literal(request.getRemoteAddr());
        if (peer == null) {
            return null;
        }
        if (!isTrusted(peer)) {
            return peer;
        }
        List<String> hops = forwardedFor(request);
        InetAddress current = peer;
        for (int i = hops.size() - 1; i >= 0 && i >= hops.size() - MAX_HOPS && isTrusted(current); i--) {
            InetAddress next = Cidr.literal(hops.get(i));
            if (next == null) {
                break;
            }
            current = next;
        }
        return current;
    }

    /**
     * The key a per-client limit counts under: the IPv4 address, or the IPv6 network of
     * {@code ipv6-prefix-length} (e.g. {@code 2001:db8:1:2:0:0:0:0/64}); an IPv4-mapped IPv6
     * address counts as its IPv4 address.
     */
    public String key(HttpServletRequest request) {
        InetAddress client = client(request);
        if (client == null) {
            return String.valueOf(request.getRemoteAddr());
        }
        if (client instanceof Inet6Address) {
            return new Cidr(Cidr.mask(client.getAddress(), ipv6PrefixLength), ipv6PrefixLength).toString();
        }
        return client.getHostAddress();
    }

    private boolean isTrusted(InetAddress address) {
        for (Cidr c : trusted) {
            if (c.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** The {@code for} addresses, nearest proxy last: from {@code Forwarded}, else {@code X-Forwarded-For}. */
    private static List<String> forwardedFor(HttpServletRequest request) {
        List<String> out = new ArrayList<>();
        var forwarded = request.getHeaders("Forwarded");
        boolean any = false;
        while (forwarded != null && forwarded.hasMoreElements()) {
            any = true;
            for (String element : forwarded.nextElement().split(",")) {
                String value = null;
                for (String pair : element.split(";")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0
                            && pair.substring(0, eq)
                                    .strip()
                                    .toLowerCase(Locale.ROOT)
                                    .equals("for")) {
                        value = pair.substring(eq + 1).strip();
                    }
                }
                out.add(value == null ? "" : stripPort(unquote(value)));
            }
        }
        if (any) {
            return out;
        }
        var xff = request.getHeaders("X-Forwarded-For");
        while (xff != null && xff.hasMoreElements()) {
            for (String entry : xff.nextElement().split(",")) {
                out.add(stripPort(entry.strip()));
            }
        }
        return out;
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1)
                : value;
    }

    /** {@code [v6]:port} → {@code v6}; {@code v4:port} → {@code v4}; a bare v6 address stays. */
    private static String stripPort(String value) {
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            return close > 0 ? value.substring(1, close) : value;
        }
        int colon = value.indexOf(':');
        return colon > 0 && value.indexOf(':', colon + 1) < 0 ? value.substring(0, colon) : value;
    }
}
