package dev.pinwheel.core.web;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

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
     * The answer to a conditional GET of bytes served from memory (the JWKS, the trust documents):
     * {@code 304} with the ETag and Cache-Control and no body when {@code ifNoneMatch} {@link
     * #matches} the tag, else {@code 200} with the body.
     */
    public static ResponseEntity<byte[]> answer(
            byte[] body, String etag, MediaType type, CacheControl cacheControl, String ifNoneMatch) {
        if (matches(ifNoneMatch, etag)) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED)
                    .eTag(etag)
                    .cacheControl(cacheControl)
                    .build();
        }
        return ResponseEntity.ok()
                .eTag(etag)
                .cacheControl(cacheControl)
                .contentType(type)
                .body(body);
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
