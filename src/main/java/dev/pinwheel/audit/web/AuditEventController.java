package dev.pinwheel.audit.web;

import dev.pinwheel.audit.AuditCheckpoints;
import dev.pinwheel.audit.AuditEntry;
import dev.pinwheel.audit.AuditLog;
import dev.pinwheel.audit.AuditPage;
import dev.pinwheel.audit.AuditQuery;
import dev.pinwheel.audit.ChainVerification;
import dev.pinwheel.core.ProblemException;
import dev.pinwheel.core.Violations;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Reads the audit log (viewer role, enforced by the URL rules). There is no write endpoint. */
@RestController
@RequestMapping(path = "/admin/v1/audit-events", produces = "application/json")
class AuditEventController {

    static final int MAX_PAGE_SIZE = 200;

    private final AuditLog auditLog;
    private final AuditCheckpoints checkpoints;
    private final JsonMapper json;

    AuditEventController(AuditLog auditLog, AuditCheckpoints checkpoints, JsonMapper json) {
        this.auditLog = auditLog;
        this.checkpoints = checkpoints;
        this.json = json;
    }

    @GetMapping
    AuditEventPageResponse list(
            @RequestParam(required = false) String target,
            @RequestParam(required = false) String actor,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(defaultValue = "0") String page,
            @RequestParam(defaultValue = "50") String size) {
        Violations violations = new Violations();
        Instant fromTime = instant("from", from, violations);
        Instant toTime = instant("to", to, violations);
        int pageNumber = integer("page", page, 0, Integer.MAX_VALUE / MAX_PAGE_SIZE, violations);
        int pageSize = integer("size", size, 1, MAX_PAGE_SIZE, violations);
        if (fromTime != null && toTime != null && !fromTime.isBefore(toTime)) {
            violations.add("to", "must be after from");
        }
        violations.throwIfAny();
        AuditPage result = auditLog.search(
                new AuditQuery(blankToNull(target), blankToNull(actor), fromTime, toTime), pageNumber, pageSize);
        return new AuditEventPageResponse(
                result.items().stream().map(this::response).toList(),
                result.page(),
                result.size(),
                result.totalItems());
    }

    @GetMapping("/verify")
    ChainVerificationResponse verify() {
        ChainVerification v = auditLog.verify();
        return new ChainVerificationResponse(v.ok(), v.count(), v.firstBrokenId(), v.reason(), v.keyedFromId());
    }

    /** A signed checkpoint of the chain's head, for keeping off-site (viewer). */
    @GetMapping("/checkpoint")
    CheckpointResponse checkpoint() {
        AuditCheckpoints.Checkpoint c = checkpoints.issue();
        return new CheckpointResponse(
                c.jws(),
                c.head().count(),
                c.head().lastEventId(),
                c.head().lastHash(),
                c.head().keyedFromId(),
                c.issuedAt());
    }

    /** Checks a checkpoint issued earlier against its MAC and the chain as it is now (editor). */
    @PostMapping(path = "/checkpoint/verify", consumes = "application/json")
    CheckpointCheckResponse verifyCheckpoint(@RequestBody(required = false) CheckpointRequest request) {
        if (request == null
                || request.checkpoint() == null
                || request.checkpoint().isBlank()) {
            throw ProblemException.invalid(
                    "checkpoint", "is required: a checkpoint from GET /admin/v1/audit-events/checkpoint");
        }
        AuditCheckpoints.CheckpointCheck c = checkpoints.check(request.checkpoint());
        return new CheckpointCheckResponse(c.ok(), c.signatureValid(), c.chainMatches(), c.reason());
    }

    /** A signed checkpoint and what it says. */
    record CheckpointResponse(
            String checkpoint, long count, Long headEventId, String headHash, long keyedFromId, Instant issuedAt) {}

    /** A checkpoint to check. */
    record CheckpointRequest(String checkpoint) {}

    /** The outcome of checking a checkpoint; {@code chainMatches} is null when the MAC is wrong. */
    record CheckpointCheckResponse(boolean ok, boolean signatureValid, Boolean chainMatches, String reason) {}

    private AuditEventResponse response(AuditEntry e) {
        Map<String, Object> summary = json.readValue(e.summary(), new TypeReference<Map<String, Object>>() {});
        return new AuditEventResponse(
                e.id(),
                e.occurredAt(),
                e.actor(),
                e.action(),
                e.target(),
                summary,
                e.requestId(),
                e.prevHash(),
                e.hash());
    }

    private static Instant instant(String name, String value, Violations violations) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            violations.add(name, "must be an RFC 3339 time such as 2026-01-31T12:00:00Z");
            return null;
        }
    }

    private static int integer(String name, String value, int min, int max, Violations violations) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        violations.add(name, "must be an integer from " + min + " to " + max);
        return min;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
