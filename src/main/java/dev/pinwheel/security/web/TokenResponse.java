package dev.pinwheel.security.web;

import dev.pinwheel.security.ApiToken;
import java.time.Instant;

/** A token as listed: never its secret or hash. The three times may be null. */
record TokenResponse(
        long id,
        String name,
        String role,
        Instant createdAt,
        String createdBy,
        Instant expiresAt,
        Instant lastUsedAt,
        Instant revokedAt) {

    static TokenResponse of(ApiToken t) {
        return new TokenResponse(
                t.id(),
                t.name(),
                t.role().wireName(),
                t.createdAt(),
                t.createdBy(),
                t.expiresAt(),
                t.lastUsedAt(),
                t.revokedAt());
    }
}
