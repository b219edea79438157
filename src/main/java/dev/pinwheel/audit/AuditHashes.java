package dev.pinwheel.audit;

import dev.pinwheel.signing.DerivedKeys;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The hash of an audit event over the previous hash and the event's fields, each length-prefixed
 * so that no two different events share an input: unkeyed SHA-256 (hex) for events written before
 * the chain was keyed, HMAC-SHA256 under the audit chain key since. Changing this breaks
 * verification of every stored event.
 */
final class AuditHashes {

    private AuditHashes() {}

    static String hash(
            String prevHash,
            Instant occurredAt,
            String actor,
            String action,
            String target,
            String summary,
            String requestId) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of()
                    .formatHex(md.digest(input(
                            "pinwheel-audit-v1", prevHash, occurredAt, actor, action, target, summary, requestId)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The keyed hash of an event written since the chain is keyed: HMAC-SHA256 (hex) under the
     * audit chain key over the same length-prefixed fields (tagged {@code pinwheel-audit-v2}).
     * Without the key nobody can compute it, so an edited event cannot be given a matching hash.
     */
    static String keyedHash(
            DerivedKeys keys,
            String prevHash,
            Instant occurredAt,
            String actor,
            String action,
            String target,
            String summary,
            String requestId) {
        return HexFormat.of()
                .formatHex(keys.hmacSha256(
                        DerivedKeys.AUDIT_CHAIN,
                        input("pinwheel-audit-v2", prevHash, occurredAt, actor, action, target, summary, requestId)));
    }

    /** The anchor of the keying boundary: HMAC of the first keyed event id. */
    static String boundaryMac(DerivedKeys keys, long keyedFromId) {
        return HexFormat.of()
                .formatHex(keys.hmacSha256(
                        DerivedKeys.AUDIT_CHAIN,
                        ("pinwheel-audit-keyed-from|" + keyedFromId).getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] input(
            String tag,
            String prevHash,
            Instant occurredAt,
            String actor,
            String action,
            String target,
            String summary,
            String requestId) {
        StringBuilder in = new StringBuilder(tag);
        for (String field : new String[] {prevHash, occurredAt.toString(), actor, action, target, summary, requestId}) {
            if (field == null) {
                in.append("|-");
            } else {
                in.append('|').append(field.length()).append(':').append(field);
            }
        }
        return in.toString().getBytes(StandardCharsets.UTF_8);
    }
}
