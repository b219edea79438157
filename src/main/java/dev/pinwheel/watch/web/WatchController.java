package dev.pinwheel.watch.web;

import dev.pinwheel.alerts.AlertCondition;
import dev.pinwheel.core.Violations;
import dev.pinwheel.pins.HostName;
import dev.pinwheel.pins.PinHash;
import dev.pinwheel.watch.Observation;
import dev.pinwheel.watch.Watch;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The watch's findings and observation history (viewer). */
@RestController
class WatchController {

    private final Watch watch;

    WatchController(Watch watch) {
        this.watch = watch;
    }

    record FindingResponse(
            String kind, String subject, String summary, Map<String, Object> details, Instant observedAt) {

        static FindingResponse of(AlertCondition c) {
            return new FindingResponse(c.kind().wireName(), c.subject(), c.summary(), c.details(), c.observedAt());
        }
    }

    record FindingList(List<FindingResponse> findings) {}

    record ObservationResponse(
            long id,
            int port,
            Instant observedAt,
            String address,
            String servedPin,
            List<String> chainPins,
            Instant leafNotAfter,
            String failure) {

        static ObservationResponse of(Observation o) {
            return new ObservationResponse(
                    o.id(),
                    o.port(),
                    o.observedAt(),
                    o.address(),
                    o.servedPin() == null ? null : o.servedPin().value(),
                    o.chainPins().stream().map(PinHash::value).toList(),
                    o.leafNotAfter(),
                    o.failure());
        }
    }

    record ObservationList(String host, List<ObservationResponse> observations) {}

    @GetMapping("/admin/v1/watch/findings")
    FindingList findings() {
        return new FindingList(
                watch.findings().stream().map(FindingResponse::of).toList());
    }

    @GetMapping("/admin/v1/domains/{host}/observations")
    ObservationList observations(
            @PathVariable String host,
            @RequestParam(required = false) Long beforeId,
            @RequestParam(defaultValue = "50") int limit) {
        Watch.History history = watch.history(Violations.single("host", host, HostName::of), beforeId, limit);
        return new ObservationList(
                history.host(),
                history.observations().stream().map(ObservationResponse::of).toList());
    }
}
