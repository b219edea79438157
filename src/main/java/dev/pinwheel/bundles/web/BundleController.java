package dev.pinwheel.bundles.web;

import dev.pinwheel.bundles.BundleDetail;
import dev.pinwheel.bundles.BundleManagement;
import dev.pinwheel.bundles.BundleSummary;
import dev.pinwheel.bundles.DomainVersion;
import dev.pinwheel.bundles.Finding;
import dev.pinwheel.bundles.PublishCommand;
import dev.pinwheel.bundles.PublishOutcome;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Publishing (publisher) and bundle history (viewer) of an app.
 */
@RestController
@RequestMapping("/admin/v1/apps/{appId}/bundles")
class BundleController {

    private final BundleManagement bundles;

    BundleController(BundleManagement bundles) {
        this.bundles = bundles;
    }

    @PostMapping
    @PreAuthorize("hasRole('PUBLISHER')")
    ResponseEntity<PublishResponse> publish(
            @PathVariable String appId, @RequestBody(required = false) PublishRequest request) {
        PublishOutcome out = bundles.publish(AppIds.check(appId), command(request));
        return respond(out);
    }

    @PostMapping("/{seq}/republish")
    @PreAuthorize("hasRole('PUBLISHER')")
    ResponseEntity<PublishResponse> republish(
            @PathVariable String appId, @PathVariable long seq, @RequestBody(required = false) PublishRequest request) {
        PublishOutcome out = bundles.republish(AppIds.check(appId), Seqs.check(seq), command(request));
        return respond(out);
    }

    @GetMapping
    BundleListResponse history(
            @PathVariable String appId,
            @RequestParam(required = false) Long beforeSeq,
            @RequestParam(defaultValue = "50") int limit) {
        List<BundleResponse> items = bundles.history(AppIds.check(appId), beforeSeq, limit).stream()
                .map(BundleResponse::of)
                .toList();
        Long nextBeforeSeq = items.size() == limit && !items.isEmpty()
                ? items.get(items.size() - 1).seq()
                : null;
        return new BundleListResponse(items, nextBeforeSeq);
    }

    @GetMapping("/{seq}")
    BundleDetailResponse bundle(@PathVariable String appId, @PathVariable long seq) {
        BundleDetail d = bundles.bundle(AppIds.check(appId), Seqs.check(seq));
        return new BundleDetailResponse(BundleResponse.of(d.summary()), d.header(), d.payload(), d.jws());
    }

    private static PublishCommand command(PublishRequest r) {
        if (r == null) {
            return new PublishCommand(null, false, false, null);
        }
        return new PublishCommand(
                r.comment(), Boolean.TRUE.equals(r.dryRun()), Boolean.TRUE.equals(r.force()), r.reason());
    }

    private static ResponseEntity<PublishResponse> respond(PublishOutcome out) {
        PublishResponse body = new PublishResponse(
                out.dryRun(),
                out.bundle() == null ? null : BundleResponse.of(out.bundle()),
                out.payload(),
                out.findings());
        return ResponseEntity.status(out.dryRun() ? HttpStatus.OK : HttpStatus.CREATED)
                .body(body);
    }

    record PublishRequest(String comment, Boolean dryRun, Boolean force, String reason) {}

    record PublishResponse(
            boolean dryRun, BundleResponse bundle, Map<String, Object> payload, List<Finding> findings) {}

    record BundleListResponse(List<BundleResponse> items, Long nextBeforeSeq) {}

    record BundleDetailResponse(
            BundleResponse bundle, Map<String, Object> header, Map<String, Object> payload, String jws) {}

    record BundleResponse(
            long seq,
            Instant iat,
            Instant exp,
            String kid,
            String sha256,
            String kind,
            Long republishedFromSeq,
            String actor,
            String comment,
            String forceReason,
            List<DomainVersion> domains) {

        static BundleResponse of(BundleSummary s) {
            return new BundleResponse(
                    s.seq(),
                    s.issuedAt(),
                    s.expiresAt(),
                    s.kid(),
                    s.sha256(),
                    s.kind().wireName(),
                    s.republishedFromSeq(),
                    s.actor(),
                    s.comment(),
                    s.forceReason(),
                    s.domains());
        }
    }
}
