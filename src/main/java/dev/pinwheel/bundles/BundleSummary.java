package dev.pinwheel.bundles;

import java.time.Instant;
import java.util.List;

/**
 * A stored bundle without its bytes.
 *
 * @param sha256             lower-case hex SHA-256 of the compact JWS (the ETag)
 * @param republishedFromSeq the seq whose content was republished or re-signed; null for a publish
 * @param comment            may be null
 * @param forceReason        why failing checks were overridden; null unless forced
 */
public record BundleSummary(
        String appId,
        long seq,
        Instant issuedAt,
        Instant expiresAt,
        String kid,
        String sha256,
        BundleKind kind,
        Long republishedFromSeq,
        String actor,
        String comment,
        String forceReason,
        List<DomainVersion> domains) {}
