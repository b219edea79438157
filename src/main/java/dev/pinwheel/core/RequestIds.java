package dev.pinwheel.core;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.MDC;

/** The id of the request being served, as put in the MDC by the request id filter. */
public final class RequestIds {

    public static final String MDC_KEY = "requestId";
    public static final String HEADER = "X-Request-Id";

    private static final int MAX_LENGTH = 64;

    private RequestIds() {}

    /** The current request id, or null outside a request. */
    public static String current() {
        return MDC.get(MDC_KEY);
    }

    /**
     * The id to use for a request: the caller's {@code X-Request-Id} when it is sane (1–64 of
     * {@code A-Z a-z 0-9 . _ -}), else a new random one. Never null.
     */
    public static String of(String given) {
        return isSane(given) ? given : next();
    }

    /**
     * A new random request id in UUID form. Not a secret, so it comes from a thread-local PRNG
     * rather than {@code SecureRandom}, which would serialise every request on one lock.
     */
    public static String next() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long msb = (r.nextLong() & ~0xF000L) | 0x4000L; // version 4
        long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
        return new UUID(msb, lsb).toString();
    }

    /** The length of a generated id. */
    public static final int LENGTH = 36;

    /**
     * Writes a new id like {@link #next()} as {@link #LENGTH} US-ASCII bytes into {@code out} at
     * {@code offset}, without making a string (for writers of pre-encoded headers).
     */
    public static void writeNext(byte[] out, int offset) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        write(msb, lsb, out, offset);
    }

    private static void write(long msb, long lsb, byte[] buf, int offset) {
        byte[] out = buf;
        int o = offset;
        hex(msb >>> 32, out, o, 8);
        out[o + 8] = '-';
        hex(msb >>> 16, out, o + 9, 4);
        out[o + 13] = '-';
        hex(msb, out, o + 14, 4);
        out[o + 18] = '-';
        hex(lsb >>> 48, out, o + 19, 4);
        out[o + 23] = '-';
        hex(lsb, out, o + 24, 12);
    }

    private static void hex(long value, byte[] out, int offset, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            out[offset + i] = (byte) "0123456789abcdef".charAt((int) (value & 0xF));
            value >>>= 4;
        }
    }

    static boolean isSane(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '_'
                    || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
