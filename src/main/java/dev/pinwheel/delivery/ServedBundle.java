package dev.pinwheel.delivery;

import dev.pinwheel.bundles.PublishedBundles;
import dev.pinwheel.core.web.EntityTags;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A bundle ready to be written to a client: the body bytes and every header value computed once.
 *
 * @param etag strong entity tag, the quoted hex SHA-256 of the JWS
 * @param pollIntervalSeconds the bundle's {@code pollIntervalSeconds} (also its {@code max-age})
 */
public record ServedBundle(
        String appId,
        long seq,
        byte[] body,
        String etag,
        String lastModified,
        String cacheControl,
        long pollIntervalSeconds) {

    static ServedBundle of(PublishedBundles.LatestBundle b) {
        byte[] body = b.jws().getBytes(StandardCharsets.US_ASCII);
        String etag = etagOf(b.sha256());
        String lastModified =
                DateTimeFormatter.RFC_1123_DATE_TIME.format(b.issuedAt().atOffset(ZoneOffset.UTC));
        String cacheControl = "public, max-age=" + b.pollIntervalSeconds();
        return new ServedBundle(b.appId(), b.seq(), body, etag, lastModified, cacheControl, b.pollIntervalSeconds());
    }

    /** The ETag of a bundle: its lower-case hex SHA-256, quoted (a strong tag). */
    static String etagOf(String sha256Hex) {
        return "\"" + sha256Hex + "\"";
    }

    /**
     * Whether an {@code If-None-Match} header value matches this bundle (weak comparison, as
     * RFC 9110 prescribes for If-None-Match; {@code *} matches).
     */
    public boolean matches(String ifNoneMatch) {
        return EntityTags.matches(ifNoneMatch, etag);
    }
}
