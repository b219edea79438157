package dev.pinwheel.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The hash of an audit event: SHA-256 (hex) over the previous hash and the event's fields, each
 * length-prefixed so that no two different events share an input. Changing this breaks
 * verification of every stored event.
 */
final class AuditHashes {

    private AuditHashes() {
    }

    static String hash(String prevHash, Instant occurredAt, String actor, String action, String target,
            String summary, String requestId) {
        StringBuilder in = new StringBuilder("pinwheel-audit-v1");
        for (String field : new String[] {prevHash, occurredAt.toString(), actor, action, target, summary,
                requestId}) {
            if (field == null) {
                in.append("|-");
            } else {
                in.append('|').append(field.length()).append(':').append(field);
            }
        }
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(in.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
