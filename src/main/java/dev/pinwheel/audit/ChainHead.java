package dev.pinwheel.audit;

/**
 * The head of the audit chain.
 *
 * @param count       events in the chain
 * @param lastEventId id of the newest event; null when there is none
 * @param lastHash    hash of the newest event; null when there is none
 * @param keyedFromId the first event id whose hash is keyed
 */
public record ChainHead(long count, Long lastEventId, String lastHash, long keyedFromId) {}
