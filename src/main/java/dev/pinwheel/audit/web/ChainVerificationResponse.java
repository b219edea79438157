package dev.pinwheel.audit.web;

/**
 * Outcome of checking the hash chain; {@code firstBrokenId} and {@code reason} are null when ok;
 * events from {@code keyedFromId} on carry keyed (HMAC) hashes.
 */
record ChainVerificationResponse(boolean ok, long count, Long firstBrokenId, String reason, long keyedFromId) {}
