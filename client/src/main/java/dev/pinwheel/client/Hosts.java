package dev.pinwheel.client;

import java.util.Locale;

final class Hosts {

    private Hosts() {}

    /** Lower case, without a trailing dot and without IPv6 brackets. */
    static String normalize(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h;
    }
}
