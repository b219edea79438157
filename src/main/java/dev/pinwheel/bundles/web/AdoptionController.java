package dev.pinwheel.bundles.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.pinwheel.bundles.BundleAdoption;
import dev.pinwheel.core.ProblemException;
import dev.pinwheel.core.Violations;
import dev.pinwheel.pins.HostName;
import dev.pinwheel.pins.PinCatalog;
import dev.pinwheel.pins.PinHash;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /admin/v1/apps/{appId}/adoption} (viewer): the app's polls in a time window by the
 * bundle the clients held, and — with {@code host} and {@code pin} — the share whose held bundle
 * pins that key for that domain. The window defaults to the app's last poll interval.
 */
@RestController
class AdoptionController {

    /** The longest window one request may ask for. */
    static final Duration MAX_WINDOW = Duration.ofDays(366);

    private final BundleAdoption adoption;
    private final PinCatalog catalog;

    AdoptionController(BundleAdoption adoption, PinCatalog catalog) {
        this.adoption = adoption;
        this.catalog = catalog;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AdoptionResponse(
            String appId,
            Instant from,
            Instant to,
            long polls,
            Long newestSeq,
            long onNewestPolls,
            double onNewestPercent,
            List<BundleAdoption.SeqShare> bySeq,
            long noBundlePolls,
            double noBundlePercent,
            long unknownEtagPolls,
            double unknownEtagPercent,
            KeyResponse key) {}

    record KeyResponse(
            String host, String pin, long polls, long pinningPolls, double percent, List<Long> pinningSeqs) {}

    @GetMapping(path = "/admin/v1/apps/{appId}/adoption", produces = "application/json")
    AdoptionResponse adoption(
            @PathVariable String appId,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String host,
            @RequestParam(required = false) String pin) {
        AppIds.check(appId);
        Violations v = new Violations();
        Instant toAt = instant(v, "to", to);
        Instant fromAt = instant(v, "from", from);
        if ((host == null) != (pin == null)) {
            v.add(
                    host == null ? "host" : "pin",
                    "is required together with " + (host == null ? "pin" : "host")
                            + " (the key's share is for one key of one domain)");
        }
        HostName hostName = v.optional("host", host, HostName::of);
        PinHash pinHash = v.optional("pin", pin, PinHash::parse);
        v.throwIfAny();
        if (catalog.app(appId).isEmpty()) {
            throw ProblemException.notFound("There is no app '" + appId + "'.");
        }
        Instant end = toAt != null ? toAt : adoption.now();
        Instant start = fromAt != null ? fromAt : end.minus(adoption.pollInterval(appId));
        if (!start.isBefore(end)) {
            throw ProblemException.invalid("from", "must be before to (" + end + ")");
        }
        if (Duration.between(start, end).compareTo(MAX_WINDOW) > 0) {
            throw ProblemException.invalid("from", "the window may span at most " + MAX_WINDOW.toDays() + " days");
        }
        BundleAdoption.Shares s = adoption.shares(appId, start, end);
        KeyResponse key = null;
        if (hostName != null) {
            BundleAdoption.KeyShare k = adoption.keyShare(appId, hostName, pinHash, start, end);
            key = new KeyResponse(
                    k.host().value(), k.pin().value(), k.polls(), k.pinningPolls(), k.percent(), k.pinningSeqs());
        }
        return new AdoptionResponse(
                s.appId(),
                s.from(),
                s.to(),
                s.polls(),
                s.newestSeq(),
                s.onNewestPolls(),
                s.onNewestPercent(),
                s.bySeq(),
                s.noBundlePolls(),
                s.noBundlePercent(),
                s.unknownEtagPolls(),
                s.unknownEtagPercent(),
                key);
    }

    private static Instant instant(Violations v, String field, String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            v.add(field, "must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
            return null;
        }
    }
}
