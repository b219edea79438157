package dev.pinwheel.core.web;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Strong entity tags of bytes served from memory, and the {@code If-None-Match} comparison: one rule
 * for the bundle, the JWKS and the trust documents.
 */
public final class EntityTags {

    private EntityTags() {}

    /** The strong entity tag of {@code body}: the quoted lower-case hex SHA-256 of the bytes. */
    public static String of(byte[] body) {
        try {
            return "\""
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(body)) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Whether an {@code If-None-Match} header value matches {@code etag}: RFC 9110 weak comparison,
     * as If-None-Match prescribes; {@code *} matches; a null header never does.
     */
    public static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        if (ifNoneMatch.equals(etag)) {
            return true; // what every client that fetched this representation sends: no parsing
        }
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.strip();
            if (t.equals("*")) {
                return true;
            }
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
