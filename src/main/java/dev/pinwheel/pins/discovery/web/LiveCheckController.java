package dev.pinwheel.pins.discovery.web;

import dev.pinwheel.core.Violations;
import dev.pinwheel.pins.HostName;
import dev.pinwheel.pins.discovery.LiveCheck;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /admin/v1/domains/{host}/live-check}: a domain's live-check setting (read: viewer, change: editor). */
@RestController
@RequestMapping("/admin/v1/domains/{host}/live-check")
class LiveCheckController {

    private final LiveCheck liveCheck;

    LiveCheckController(LiveCheck liveCheck) {
        this.liveCheck = liveCheck;
    }

    record LiveCheckRequest(Boolean enabled, Integer port) {}

    @GetMapping
    LiveCheck.Setting get(@PathVariable String host) {
        return liveCheck.setting(Violations.single("host", host, HostName::of));
    }

    @PutMapping
    LiveCheck.Setting put(@PathVariable String host, @RequestBody LiveCheckRequest request) {
        return liveCheck.configure(Violations.single("host", host, HostName::of), request.enabled(), request.port());
    }
}
