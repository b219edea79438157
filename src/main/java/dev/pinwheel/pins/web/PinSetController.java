package dev.pinwheel.pins.web;

import dev.pinwheel.core.ProblemException;
import dev.pinwheel.core.ProblemType;
import dev.pinwheel.pins.HostName;
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
import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
        HostName name = PinsWebModels.host(host);
        PinSetVersion v = pins.currentPinSet(name);
        return ResponseEntity.ok()
                .eTag(etag(v))
                .body(PinSetResponse.of(pins.domain(name).host().value(), v));
    }

    @PutMapping(consumes = "application/json")
    ResponseEntity<PinSetResponse> replace(
            @PathVariable String host,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestBody(required = false) PinSetRequest request) {
        Integer expected = parseIfMatch(ifMatch);
        if (expected == null) {
            throw new ProblemException(
                    ProblemType.PRECONDITION_REQUIRED,
                    "Send If-Match with the current pin set version (its ETag, e.g. \"3\"; \"0\" for the first).");
        }
        HostName name = pins.domain(PinsWebModels.host(host)).host();
        PinSetRequest r = PinsWebModels.body(request);
        PinSetVersion v = pins.replacePinSet(name, expected, r.parsePins(), r.comment());
        PinSetResponse body = PinSetResponse.of(name.value(), v);
        HttpStatus status = v.version() == 1 ? HttpStatus.CREATED : HttpStatus.OK;
        return ResponseEntity.status(status)
                .eTag(etag(v))
                .location(URI.create("/admin/v1/domains/" + name + "/pin-set/versions/" + v.version()))
                .body(body);
    }

    @GetMapping("/versions")
    PageResponse<VersionSummary> versions(
            @PathVariable String host,
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return PageResponse.of(
                pins.pinSetVersions(PinsWebModels.host(host), PinsWebModels.pageable(page, size)), VersionSummary::of);
    }

    @GetMapping("/versions/{version}")
    PinSetResponse version(@PathVariable String host, @PathVariable int version) {
        HostName name = PinsWebModels.host(host);
        return PinSetResponse.of(pins.domain(name).host().value(), pins.pinSetVersion(name, version));
    }

    @GetMapping("/diff")
    DiffResponse diff(@PathVariable String host, @RequestParam int from, @RequestParam int to) {
        PinSetDiff d = pins.diff(PinsWebModels.host(host), from, to);
        return new DiffResponse(
                d.host().value(),
                d.from(),
                d.to(),
                d.added().stream().map(PinResponse::of).toList(),
                d.removed().stream().map(PinResponse::of).toList(),
                d.roleChanged().stream()
                        .map(c -> new RoleChangeResponse(
                                c.pin().value(), c.label(), c.from().wireName(), c.to().wireName()))
                        .toList());
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
            throw ProblemException.invalid(
                    HttpHeaders.IF_MATCH,
                    "must be the ETag of the current pin set version, e.g. \"3\" (\"0\" before the first version)");
        }
        return Integer.valueOf(m.group(1));
    }
}
