package dev.pinwheel.audit;

import dev.pinwheel.core.ProblemException;
import dev.pinwheel.signing.DerivedKeys;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Service;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Signed checkpoints of the audit chain for off-site keeping: a compact JWS (RFC 7515, HS256)
 * whose payload names the chain's head ({@code count}, {@code headEventId}, {@code headHash},
 * {@code keyedFromId}, {@code issuedAt}), MACed under a key derived from the master key for this
 * purpose only ({@link DerivedKeys#AUDIT_CHECKPOINT}). A checkpoint kept where the database's
 * users cannot reach it later proves what the chain held: if the event it names no longer has that
 * hash, the chain was rewritten (even by someone who also held the master key after the fact).
 */
@Service
public class AuditCheckpoints {

    /** The fixed protected header; a checkpoint with any other header is refused. */
    static final String HEADER =
            "{\"alg\":\"HS256\",\"kid\":\"pinwheel-audit-checkpoint-v1\"," + "\"typ\":\"pinwheel-audit-checkpoint\"}";

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final AuditLog log;
    private final DerivedKeys keys;
    private final JsonMapper json;
    private final Clock clock;

    AuditCheckpoints(AuditLog log, DerivedKeys keys, JsonMapper json, Clock clock) {
        this.log = log;
        this.keys = keys;
        this.json = json;
        this.clock = clock;
    }

    /** A checkpoint and what it says. */
    public record Checkpoint(String jws, ChainHead head, Instant issuedAt) {}

    /**
     * What a checkpoint check found.
     *
     * @param ok             the MAC verifies, the event it names still has its hash, and the chain verifies
     * @param signatureValid the MAC verifies under the checkpoint key
     * @param chainMatches   the named event still has the named hash (null when the MAC is wrong)
     * @param reason         what is wrong; null when {@code ok}
     */
    public record CheckpointCheck(boolean ok, boolean signatureValid, Boolean chainMatches, String reason) {}

    /** A checkpoint of the chain as it is now. */
    public Checkpoint issue() {
        ChainHead head = log.head();
        Instant now = clock.instant();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("count", head.count());
        payload.put("headEventId", head.lastEventId());
        payload.put("headHash", head.lastHash());
        payload.put("keyedFromId", head.keyedFromId());
        payload.put("issuedAt", now.toString());
        String signingInput = B64.encodeToString(HEADER.getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(json.writeValueAsBytes(payload));
        return new Checkpoint(signingInput + "." + B64.encodeToString(mac(signingInput)), head, now);
    }

    /**
     * Checks a checkpoint issued earlier against its MAC and the chain as it is now.
     *
     * @throws ProblemException 400 when the text is not a checkpoint at all
     */
    public CheckpointCheck check(String jws) {
        String[] parts = jws == null ? new String[0] : jws.strip().split("\\.", -1);
        if (parts.length != 3) {
            throw ProblemException.invalid("checkpoint", "must be a compact JWS (three base64url parts)");
        }
        String header;
        JsonNode payload;
        byte[] signature;
        try {
            header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
            payload = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
            signature = Base64.getUrlDecoder().decode(parts[2]);
        } catch (IllegalArgumentException | JacksonException e) {
            throw ProblemException.invalid("checkpoint", "is not base64url JSON in a compact JWS");
        }
        if (!HEADER.equals(header)) {
            throw ProblemException.invalid("checkpoint", "is not a Pinwheel audit checkpoint (unexpected header)");
        }
        if (!MessageDigest.isEqual(mac(parts[0] + "." + parts[1]), signature)) {
            return new CheckpointCheck(
                    false,
                    false,
                    null,
                    "the MAC does not verify: the checkpoint was altered or not issued by this service");
        }
        JsonNode id = payload.get("headEventId");
        JsonNode hash = payload.get("headHash");
        if (id == null || id.isNull()) {
            return new CheckpointCheck(true, true, true, null);
        }
        String stored = log.hashOf(id.asLong()).orElse(null);
        if (stored == null || !stored.equals(hash.asString())) {
            return new CheckpointCheck(
                    false,
                    true,
                    false,
                    "event " + id.asLong()
                            + (stored == null ? " no longer exists" : " no longer has the hash the checkpoint recorded")
                            + ": the chain was rewritten after the checkpoint");
        }
        ChainVerification now = log.verify();
        if (!now.ok()) {
            return new CheckpointCheck(
                    false,
                    true,
                    true,
                    "the checkpoint matches, but the chain does not verify now: "
                            + (now.firstBrokenId() == null ? "" : "event " + now.firstBrokenId() + " ") + now.reason());
        }
        return new CheckpointCheck(true, true, true, null);
    }

    private byte[] mac(String signingInput) {
        return keys.hmacSha256(DerivedKeys.AUDIT_CHECKPOINT, signingInput.getBytes(StandardCharsets.US_ASCII));
    }
}
