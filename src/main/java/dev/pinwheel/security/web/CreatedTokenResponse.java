package dev.pinwheel.security.web;

import java.time.Instant;

/** The one response that carries a token's secret ({@code token}); it is never shown again. */
record CreatedTokenResponse(
        long id, String name, String role, Instant createdAt, String createdBy, Instant expiresAt, String token) {

    @Override
    public String toString() {
        return "CreatedTokenResponse[" + name + "]";
    }
}
