package dev.pinwheel.audit;

/**
 * The result of checking the hash chain.
 *
 * @param ok            whether every event links to its predecessor and hashes to its stored hash
 * @param count         number of events checked
 * @param firstBrokenId the id of the first event that does not verify; null when {@code ok}
 * @param reason        what is wrong with that event; null when {@code ok}
 * @param keyedFromId   the first event id whose hash is keyed (HMAC); older events carry unkeyed hashes
 */
public record ChainVerification(boolean ok, long count, Long firstBrokenId, String reason, long keyedFromId) {}
