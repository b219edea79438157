package dev.pinwheel.pins.web;

import java.net.URI;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.pinwheel.core.ProblemException;
import dev.pinwheel.pins.PinInput;
import dev.pinwheel.pins.PinManagement;
import dev.pinwheel.pins.PinSetDiff;
import dev.pinwheel.pins.PinSetVersion;
import dev.pinwheel.pins.web.PinsWebModels.DiffResponse;
import dev.pinwheel.pins.web.PinsWebModels.PageResponse;
import dev.pinwheel.pins.web.PinsWebModels.PinResponse;
import dev.pinwheel.pins.web.PinsWebModels.PinSetRequest;
import dev.pinwheel.pins.web.PinsWebModels.PinSetResponse;
import dev.pinwheel.pins.web.PinsWebModels.RoleChangeResponse;
import dev.pinwheel.pins.web.PinsWebModels.VersionSummary;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A domain's pin set: the current version (with {@code ETag: "<version>"}), replacing it with a
 * new version under {@code If-Match}, the history, one version and the diff of two.
 */
@RestController
@RequestMapping(path = "/admin/v1/domains/{host}/pin-set", produces = "application/json")
class PinSetController {

    private static final Pattern ETAG = Pattern.compile("\\s*\"?(\\d{1,9})\"?\\s*");

    private final PinManagement pins;

    PinSetController(PinManagement pins) {
        this.pins = pins;
    }

    @GetMapping
    ResponseEntity<PinSetResponse> current(@PathVariable String host) {
        PinSetVersion v = pins.currentPinSet(host);
        return ResponseEntity.ok().eTag(etag(v)).body(PinSetResponse.of(pins.domain(host).host().value(), v));
    }

    @PutMapping(consumes = "application/json")
    ResponseEntity<PinSetResponse> replace(@PathVariable String host,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestBody(required = false) PinSetRequest request) {
        Integer expected = parseIfMatch(ifMatch);
        List<PinInput> inputs = request == null || request.pins() == null ? null
                : request.pins().stream().map(p -> p == null ? null
                        : new PinInput(p.sha256(), p.certificate(), p.role(), p.label())).toList();
        if (expected != null && request == null) {
            throw ProblemException.invalid("body", "is required");
        }
        PinSetVersion v = pins.replacePinSet(host, expected, inputs, request == null ? null : request.comment());
        String name = pins.domain(host).host().value();
        PinSetResponse body = PinSetResponse.of(name, v);
        HttpStatus status = v.version() == 1 ? HttpStatus.CREATED : HttpStatus.OK;
        return ResponseEntity.status(status).eTag(etag(v))
                .location(URI.create("/admin/v1/domains/" + name + "/pin-set/versions/" + v.version())).body(body);
    }

    @GetMapping("/versions")
    PageResponse<VersionSummary> versions(@PathVariable String host, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return PageResponse.of(pins.pinSetVersions(host, PinsWebModels.pageable(page, size)), VersionSummary::of);
    }

    @GetMapping("/versions/{version}")
    PinSetResponse version(@PathVariable String host, @PathVariable int version) {
        return PinSetResponse.of(pins.domain(host).host().value(), pins.pinSetVersion(host, version));
    }

    @GetMapping("/diff")
    DiffResponse diff(@PathVariable String host, @RequestParam int from, @RequestParam int to) {
        PinSetDiff d = pins.diff(host, from, to);
        return new DiffResponse(d.host().value(), d.from(), d.to(),
                d.added().stream().map(PinResponse::of).toList(),
                d.removed().stream().map(PinResponse::of).toList(),
                d.roleChanged().stream().map(c -> new RoleChangeResponse(c.pin().value(), c.label(),
                        c.from().wireName(), c.to().wireName())).toList());
    }

    private static String etag(PinSetVersion v) {
        return "\"" + v.version() + "\"";
    }

    /** {@code "3"} (or {@code 3}) → 3; null when absent; 400 when it names no version. */
    private static Integer parseIfMatch(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return null;
        }
        Matcher m = ETAG.matcher(ifMatch);
        if (!m.matches()) {
            throw ProblemException.invalid(HttpHeaders.IF_MATCH,
                    "must be the ETag of the current pin set version, e.g. \"3\" (\"0\" before the first version)");
        }
        return Integer.valueOf(m.group(1));
    }
}
