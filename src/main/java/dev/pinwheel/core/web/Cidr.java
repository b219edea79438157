package dev.pinwheel.core.web;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An IP network ({@code 10.0.0.0/8}, {@code 2001:db8::/32}; a bare address is a /32 or /128).
 * Parses address literals only: never resolves a name.
 */
public record Cidr(byte[] network, int prefixLength) {

    public Cidr {
        network = network.clone();
    }

    /** @throws IllegalArgumentException when the text is not an address literal with an optional prefix length */
    public static Cidr parse(String text) {
        String t = text.strip();
        int slash = t.indexOf('/');
        InetAddress address = literal(slash < 0 ? t : t.substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR block");
        }
        int bits = address.getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(t.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("'" + text + "' has a prefix length outside 0.." + bits);
            }
        }
        return new Cidr(mask(address.getAddress(), prefix), prefix);
    }

    /** Whether the address lies in this network (an IPv4 address never lies in an IPv6 network). */
    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        return a.length == network.length && Arrays.equals(mask(a, prefixLength), network);
    }

    /**
     * The address of an IP literal (IPv4 dotted quad, IPv6 with or without brackets), or null for
     * anything else; never a DNS lookup.
     */
    public static InetAddress literal(String text) {
        if (text == null || text.isEmpty() || text.length() > 64) {
            return null;
        }
        String t = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        try {
            if (t.indexOf(':') >= 0) {
                for (int i = 0; i < t.length(); i++) {
                    char c = t.charAt(i);
                    if (Character.digit(c, 16) < 0 && c != ':' && c != '.') {
                        return null;
                    }
                }
                InetAddress a = InetAddress.getByName("[" + t + "]");
                return a instanceof Inet6Address || a instanceof Inet4Address ? a : null;
            }
            String[] parts = t.split("\\.", -1);
            if (parts.length != 4) {
                return null;
            }
            byte[] raw = new byte[4];
            for (int i = 0; i < 4; i++) {
                if (parts[i].isEmpty()
                        || parts[i].length() > 3
                        || !parts[i].chars().allMatch(Character::isDigit)) {
                    return null;
                }
                int v = Integer.parseInt(parts[i]);
                if (v > 255) {
                    return null;
                }
                raw[i] = (byte) v;
            }
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    static byte[] mask(byte[] address, int prefix) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xFF << (8 - keep)));
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefixLength == prefixLength && Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(network) * 31 + prefixLength;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixLength;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
