package dev.pinwheel.pins.discovery;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import dev.pinwheel.core.ProblemException;
import dev.pinwheel.core.ProblemType;

/**
 * SSRF guard: decides which resolved addresses discovery may connect to. Loopback, any-local,
 * link-local, private (10/8, 172.16/12, 192.168/16, fc00::/7, fec0::/10), CGNAT (100.64/10),
 * 0/8, broadcast and multicast addresses are refused unless an allowed network contains them.
 *
 * <p><b>Warning:</b> always connect to the very address that was checked, never re-resolve the
 * name afterwards, or DNS rebinding bypasses this guard.
 */
public final class NetworkGuard {

    private final List<Cidr> allowed;

    public NetworkGuard(List<String> allowedNetworks) {
        this.allowed = allowedNetworks.stream().map(Cidr::parse).toList();
    }

    /** Throws a 422 problem when the address may not be contacted. */
    public void check(String host, InetAddress address) {
        String kind = restrictedKind(address);
        if (kind != null && allowed.stream().noneMatch(c -> c.contains(address))) {
            throw new ProblemException(ProblemType.ADDRESS_NOT_ALLOWED, host + " resolves to "
                    + address.getHostAddress() + ", a " + kind + " address; Pinwheel does not connect to it unless "
                    + "pinwheel.discovery.allowed-networks contains it.",
                    Map.of("address", address.getHostAddress()));
        }
    }

    /** The kind of restricted address, or null for an ordinary public address. */
    static String restrictedKind(InetAddress a) {
        if (a.isAnyLocalAddress()) {
            return "wildcard (any-local)";
        }
        if (a.isLoopbackAddress()) {
            return "loopback";
        }
        if (a.isLinkLocalAddress()) {
            return "link-local";
        }
        if (a.isMulticastAddress()) {
            return "multicast";
        }
        if (a.isSiteLocalAddress()) {
            return "private";
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int b0 = b[0] & 0xff;
            int b1 = b[1] & 0xff;
            if (b0 == 100 && (b1 & 0xc0) == 64) {
                return "carrier-grade NAT (100.64.0.0/10)";
            }
            if (b0 == 0) {
                return "\"this network\" (0.0.0.0/8)";
            }
            if (b0 == 255 && b1 == 255 && (b[2] & 0xff) == 255 && (b[3] & 0xff) == 255) {
                return "broadcast";
            }
        }
        if (a instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return "private (unique local fc00::/7)";
            }
            if (isMappedOrCompatibleV4(b)) {
                try {
                    InetAddress v4 = InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16));
                    String kind = restrictedKind(v4);
                    return kind == null ? null : kind + " (IPv4-mapped)";
                } catch (UnknownHostException e) {
                    return "unparseable";
                }
            }
        }
        return null;
    }

    private static boolean isMappedOrCompatibleV4(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0);
    }

    /** A CIDR block such as {@code 10.0.0.0/8} or {@code fd00::/8}. */
    record Cidr(byte[] network, int prefix) {

        static Cidr parse(String text) {
            String t = text.trim();
            int slash = t.indexOf('/');
            String addr = slash < 0 ? t : t.substring(0, slash);
            if (!addr.matches("[0-9a-fA-F:.]+")) {
                throw new IllegalArgumentException("pinwheel.discovery.allowed-networks: " + text
                        + " is not an IP address or CIDR block");
            }
            try {
                byte[] bytes = InetAddress.getByName(addr).getAddress();
                int prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(t.substring(slash + 1));
                if (prefix < 0 || prefix > bytes.length * 8) {
                    throw new IllegalArgumentException("pinwheel.discovery.allowed-networks: bad prefix in " + text);
                }
                return new Cidr(bytes, prefix);
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException("pinwheel.discovery.allowed-networks: " + text
                        + " is not a CIDR block");
            }
        }

        boolean contains(InetAddress address) {
            byte[] a = address.getAddress();
            if (a.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (a[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (a[full] & mask) == (network[full] & mask);
        }
    }
}
