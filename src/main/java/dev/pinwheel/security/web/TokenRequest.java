package dev.pinwheel.security.web;

import java.time.Instant;

/** Body of a token creation; {@code expiresAt} may be null (never expires). */
record TokenRequest(String name, String role, Instant expiresAt) {}
