package dev.pinwheel.core;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.MDC;

/** The id of the request being served, as put in the MDC by the request id filter. */
public final class RequestIds {

    public static final String MDC_KEY = "requestId";
    public static final String HEADER = "X-Request-Id";

    private static final int MAX_LENGTH = 64;

    private RequestIds() {
    }

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

    static boolean isSane(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
