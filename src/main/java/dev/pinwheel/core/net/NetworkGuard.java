package dev.pinwheel.core.net;

import dev.pinwheel.core.ProblemException;
import dev.pinwheel.core.ProblemType;
import dev.pinwheel.core.web.Cidr;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * SSRF guard: decides which resolved addresses and ports the service may connect to on an
 * operator's word (discovery and live checks of hosts, webhook deliveries), each user with its own
 * settings ({@code <settings>.allowed-networks}, {@code <settings>.allowed-ports}). Only global
 * unicast addresses are contacted: for IPv4 everything but the special-purpose blocks ({@code 0/8},
 * {@code 10/8}, {@code 100.64/10}, {@code 127/8}, {@code 169.254/16}, {@code 172.16/12},
 * {@code 192.0.0/24}, the documentation blocks, {@code 192.88.99/24}, {@code 192.168/16},
 * {@code 198.18/15}, {@code 224/4} and {@code 240/4} with broadcast); for IPv6 only
 * {@code 2000::/3} minus documentation, ORCHID, benchmarking and Teredo servers in restricted
 * space. An IPv4 address embedded in an IPv6 one (IPv4-mapped {@code ::ffff:0:0/96},
 * IPv4-compatible {@code ::/96}, NAT64 {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}, Teredo
 * {@code 2001::/32}) is decoded and judged as IPv4; the local-use NAT64 prefix
 * {@code 64:ff9b:1::/48} is refused. A restricted address is contacted only when
 * {@code <settings>.allowed-networks} contains it (or its embedded IPv4 address). Ports must be in
 * {@code <settings>.allowed-ports} (443 by default) or be the live-check port.
 *
 * <p><b>Warning:</b> always connect to the very address that was checked, never re-resolve the
 * name afterwards, or DNS rebinding bypasses this guard. This class is the only place that decides
 * whether an address may be contacted; do not add a second check elsewhere.
 */
public final class NetworkGuard {

    private final String settings;
    private final List<Cidr> allowed;
    private final List<PortRange> ports;

    /** A guard allowing only port 443 besides the allow-listed networks. */
    public NetworkGuard(String settings, List<String> allowedNetworks) {
        this(settings, allowedNetworks, List.of("443"));
    }

    /**
     * @param settings        the prefix of the settings the lists come from ({@code pinwheel.discovery}),
     *                        named in the refusals
     * @param allowedNetworks CIDR blocks that may be contacted although restricted
     * @param allowedPorts    ports ({@code 443}) or ranges ({@code 8443-8445}) that may be contacted
     * @throws IllegalArgumentException naming the setting when an entry is malformed
     */
    public NetworkGuard(String settings, List<String> allowedNetworks, List<String> allowedPorts) {
        this.settings = settings;
        this.allowed = allowedNetworks.stream().map(n -> network(settings, n)).toList();
        this.ports =
                allowedPorts.stream().map(p -> PortRange.parse(settings, p)).toList();
    }

    private static Cidr network(String settings, String text) {
        try {
            return Cidr.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(settings + ".allowed-networks: " + e.getMessage(), e);
        }
    }

    /** Whether the port may be contacted. */
    public boolean allowsPort(int port) {
        return ports.stream().anyMatch(r -> r.contains(port));
    }

    /** Throws a 422 problem when the port may not be contacted. */
    public void checkPort(String host, int port) {
        if (!allowsPort(port)) {
            throw new ProblemException(
                    ProblemType.ADDRESS_NOT_ALLOWED,
                    "Port " + port + " of " + host
                            + " is not in " + settings + ".allowed-ports; Pinwheel connects only to ports "
                            + "the operator allowed.",
                    Map.of("port", port));
        }
    }

    /** Throws a 422 problem when the address may not be contacted. */
    public void check(String host, InetAddress address) {
        String kind = restrictedKind(address);
        if (kind != null && !isAllowListed(address)) {
            throw new ProblemException(
                    ProblemType.ADDRESS_NOT_ALLOWED,
                    host + " resolves to "
                            + address.getHostAddress() + ", a " + kind
                            + " address; Pinwheel does not connect to it unless "
                            + settings + ".allowed-networks contains it.",
                    Map.of("address", address.getHostAddress()));
        }
    }

    private boolean isAllowListed(InetAddress address) {
        InetAddress embedded = embeddedIpv4(address);
        return allowed.stream().anyMatch(c -> c.contains(address) || (embedded != null && c.contains(embedded)));
    }

    /** The kind of restricted address, or null for a global unicast address. */
    static String restrictedKind(InetAddress a) {
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            return restrictedIpv4(b);
        }
        if (isZero(b, 0, 16)) {
            return "wildcard (any-local)";
        }
        if (isZero(b, 0, 15) && b[15] == 1) {
            return "loopback";
        }
        if (isZero(b, 0, 10) && b[10] == (byte) 0xff && b[11] == (byte) 0xff) {
            return embedded(b, 12, "IPv4-mapped");
        }
        if (isZero(b, 0, 12)) {
            return embedded(b, 12, "IPv4-compatible");
        }
        if (startsWith(b, 0x00, 0x64, 0xff, 0x9b) && isZero(b, 4, 12)) {
            return embedded(b, 12, "NAT64 64:ff9b::/96");
        }
        if (startsWith(b, 0x00, 0x64, 0xff, 0x9b, 0x00, 0x01)) {
            return "local-use NAT64 (64:ff9b:1::/48)";
        }
        if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80) {
            return "link-local";
        }
        if ((b[0] & 0xff) == 0xff) {
            return "multicast";
        }
        if ((b[0] & 0xfe) == 0xfc) {
            return "private (unique local fc00::/7)";
        }
        if ((b[0] & 0xe0) != 0x20) {
            return "non-global (outside 2000::/3)";
        }
        if (startsWith(b, 0x20, 0x02)) {
            return embedded(b, 2, "6to4 2002::/16");
        }
        if (startsWith(b, 0x20, 0x01, 0x00, 0x00)) {
            String server = embedded(b, 4, "Teredo 2001::/32 server");
            if (server != null) {
                return server;
            }
            byte[] client = new byte[4];
            for (int i = 0; i < 4; i++) {
                client[i] = (byte) ~b[12 + i];
            }
            return embedded(client, 0, "Teredo 2001::/32 client");
        }
        if (startsWith(b, 0x20, 0x01, 0x0d, 0xb8) || (startsWith(b, 0x3f) && (b[1] & 0xf0) == 0xf0)) {
            return "documentation (2001:db8::/32, 3fff::/20)";
        }
        if (startsWith(b, 0x20, 0x01, 0x00) && ((b[3] & 0xf0) == 0x10 || (b[3] & 0xf0) == 0x20)) {
            return "ORCHID (2001:10::/28, 2001:20::/28)";
        }
        if (startsWith(b, 0x20, 0x01, 0x00, 0x02, 0x00, 0x00)) {
            return "benchmarking (2001:2::/48)";
        }
        return null;
    }

    private static String restrictedIpv4(byte[] b) {
        int b0 = b[0] & 0xff;
        int b1 = b[1] & 0xff;
        int b2 = b[2] & 0xff;
        if (b0 == 0) {
            return b1 == 0 && b2 == 0 && b[3] == 0 ? "wildcard (any-local)" : "\"this network\" (0.0.0.0/8)";
        }
        if (b0 == 127) {
            return "loopback";
        }
        if (b0 == 10 || (b0 == 172 && (b1 & 0xf0) == 16) || (b0 == 192 && b1 == 168)) {
            return "private";
        }
        if (b0 == 100 && (b1 & 0xc0) == 64) {
            return "carrier-grade NAT (100.64.0.0/10)";
        }
        if (b0 == 169 && b1 == 254) {
            return "link-local";
        }
        if (b0 == 192 && b1 == 0 && b2 == 0) {
            return "IETF protocol assignments (192.0.0.0/24)";
        }
        if ((b0 == 192 && b1 == 0 && b2 == 2)
                || (b0 == 198 && b1 == 51 && b2 == 100)
                || (b0 == 203 && b1 == 0 && b2 == 113)) {
            return "documentation (TEST-NET)";
        }
        if (b0 == 192 && b1 == 88 && b2 == 99) {
            return "6to4 relay anycast (192.88.99.0/24)";
        }
        if (b0 == 198 && (b1 & 0xfe) == 18) {
            return "benchmarking (198.18.0.0/15)";
        }
        if ((b0 & 0xf0) == 224) {
            return "multicast";
        }
        if ((b0 & 0xf0) == 240) {
            return b0 == 255 && b1 == 255 && b2 == 255 && (b[3] & 0xff) == 255 ? "broadcast" : "reserved (240.0.0.0/4)";
        }
        return null;
    }

    /** The IPv4 address embedded in an IPv6 address of a known embedding, or null. */
    static InetAddress embeddedIpv4(InetAddress a) {
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address || isZero(b, 0, 16) || (isZero(b, 0, 15) && b[15] == 1)) {
            return null;
        }
        int at = -1;
        if (isZero(b, 0, 10) && ((b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0))) {
            at = 12;
        } else if (startsWith(b, 0x00, 0x64, 0xff, 0x9b) && isZero(b, 4, 12)) {
            at = 12;
        } else if (startsWith(b, 0x20, 0x02)) {
            at = 2;
        }
        if (at < 0) {
            return null;
        }
        try {
            return InetAddress.getByAddress(Arrays.copyOfRange(b, at, at + 4));
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static String embedded(byte[] b, int at, String embedding) {
        String kind = restrictedIpv4(Arrays.copyOfRange(b, at, at + 4));
        return kind == null ? null : kind + " (" + embedding + ")";
    }

    private static boolean isZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWith(byte[] b, int... prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if ((b[i] & 0xff) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** A port or an inclusive port range such as {@code 8443-8445}. */
    record PortRange(int from, int to) {

        static PortRange parse(String settings, String text) {
            String t = text.trim();
            int dash = t.indexOf('-');
            try {
                int from = Integer.parseInt(dash < 0 ? t : t.substring(0, dash).trim());
                int to =
                        dash < 0 ? from : Integer.parseInt(t.substring(dash + 1).trim());
                if (from < 1 || to > 65535 || from > to) {
                    throw new NumberFormatException();
                }
                return new PortRange(from, to);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        settings + ".allowed-ports: " + text + " is not a port (1-65535) or a range such as 8443-8445");
            }
        }

        boolean contains(int port) {
            return port >= from && port <= to;
        }
    }
}
