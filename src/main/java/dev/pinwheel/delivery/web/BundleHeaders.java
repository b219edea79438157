package dev.pinwheel.delivery.web;

import dev.pinwheel.core.RequestIds;
import dev.pinwheel.delivery.ServedBundle;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The response headers of a served bundle, as both fast paths write them (the Tomcat valve on the
 * main port, the delivery listener on {@code pinwheel.delivery.port}): one list, in one order, so
 * that a client sees the same answer from either. Also the plain-path rule both use to find the
 * app id, and the {@code Date} value encoded once per second.
 */
final class BundleHeaders {

    static final String PREFIX = "/v1/apps/";
    static final String SUFFIX = "/bundle";
    static final String CONTENT_TYPE = "application/jose";
    /** RFC 1123 dates in GMT, as HTTP servers write them, are always this long. */
    static final int DATE_LENGTH = 29;
    /** Index of the {@code X-Request-Id} header in {@link #of}. */
    static final int REQUEST_ID = 0;
    /** Index of the {@code Date} header in {@link #of}. */
    static final int DATE = 4;

    /** What the security filter chain adds to every response of the main port. */
    static final String[][] SECURITY = {
        {"X-Content-Type-Options", "nosniff"}, {"X-XSS-Protection", "0"}, {"X-Frame-Options", "DENY"}
    };

    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern(
                    "EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
            .withZone(ZoneOffset.UTC);
    private static volatile CachedDate date = new CachedDate(Long.MIN_VALUE, new byte[0]);

    private BundleHeaders() {}

    /**
     * Every header name and value of a bundle response, in order: the request id and the date are
     * placeholders of their fixed length (written per response); the last one, {@code Content-Type},
     * goes only with a body (not on a 304). {@code Content-Length} is the server's to add.
     */
    static String[][] of(ServedBundle b) {
        return new String[][] {
            {RequestIds.HEADER, "0".repeat(RequestIds.LENGTH)},
            SECURITY[0],
            SECURITY[1],
            SECURITY[2],
            {"Date", " ".repeat(DATE_LENGTH)},
            {"ETag", b.etag()},
            {"Cache-Control", b.cacheControl()},
            {"Last-Modified", b.lastModified()},
            {"Content-Type", CONTENT_TYPE}
        };
    }

    /**
     * The app id of a plain {@code /v1/apps/<id>/bundle} path, or null for anything else (no
     * escapes, path parameters, or further slashes, so that such paths take the ordinary route).
     */
    static String appIdOf(String uri) {
        if (uri == null || !uri.startsWith(PREFIX) || !uri.endsWith(SUFFIX)) {
            return null;
        }
        int end = uri.length() - SUFFIX.length();
        if (end <= PREFIX.length()) {
            return null;
        }
        for (int i = PREFIX.length(); i < end; i++) {
            char c = uri.charAt(i);
            if (c == '/' || c == '%' || c == ';' || c == '\\') {
                return null;
            }
        }
        return uri.substring(PREFIX.length(), end);
    }

    /** The current {@code Date} header value as {@link #DATE_LENGTH} US-ASCII bytes (shared: do not change). */
    static byte[] currentDate() {
        long second = System.currentTimeMillis() / 1000;
        CachedDate d = date;
        if (d.second != second) {
            d = new CachedDate(
                    second, HTTP_DATE.format(Instant.ofEpochSecond(second)).getBytes(StandardCharsets.US_ASCII));
            date = d;
        }
        return d.bytes;
    }

    private record CachedDate(long second, byte[] bytes) {}
}
