package dev.pinwheel.pins.web;

import dev.pinwheel.core.Violations;
import dev.pinwheel.pins.AppId;
import dev.pinwheel.pins.AppSettings;
import dev.pinwheel.pins.HostName;
import dev.pinwheel.pins.PinManagement;
import dev.pinwheel.pins.web.PinsWebModels.AppCreateRequest;
import dev.pinwheel.pins.web.PinsWebModels.AppDomainsRequest;
import dev.pinwheel.pins.web.PinsWebModels.AppResponse;
import dev.pinwheel.pins.web.PinsWebModels.AppUpdateRequest;
import dev.pinwheel.pins.web.PinsWebModels.PageResponse;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Apps: create, list, read, replace settings, delete, and set the domains an app carries. */
@RestController
@RequestMapping(path = "/admin/v1/apps", produces = "application/json")
class AppController {

    private final PinManagement pins;

    AppController(PinManagement pins) {
        this.pins = pins;
    }

    @PostMapping(consumes = "application/json")
    ResponseEntity<AppResponse> create(@RequestBody(required = false) AppCreateRequest request) {
        AppCreateRequest r = PinsWebModels.body(request);
        Violations v = new Violations();
        AppId id = v.required("id", r.id(), AppId::parse);
        AppSettings settings = r.settings(v);
        v.throwIfAny();
        AppResponse app = AppResponse.of(pins.createApp(id, settings));
        return ResponseEntity.created(URI.create("/admin/v1/apps/" + app.id())).body(app);
    }

    @GetMapping
    PageResponse<AppResponse> list(
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        return PageResponse.of(pins.apps(PinsWebModels.pageable(page, size)), AppResponse::of);
    }

    @GetMapping("/{appId}")
    AppResponse get(@PathVariable String appId) {
        return AppResponse.of(pins.app(PinsWebModels.appId(appId)));
    }

    @PutMapping(path = "/{appId}", consumes = "application/json")
    AppResponse update(@PathVariable String appId, @RequestBody(required = false) AppUpdateRequest request) {
        AppId id = PinsWebModels.appId(appId);
        return AppResponse.of(pins.updateApp(id, PinsWebModels.body(request).settings()));
    }

    @DeleteMapping("/{appId}")
    ResponseEntity<Void> delete(@PathVariable String appId) {
        pins.deleteApp(PinsWebModels.appId(appId));
        return ResponseEntity.noContent().build();
    }

    @PutMapping(path = "/{appId}/domains", consumes = "application/json")
    AppResponse setDomains(@PathVariable String appId, @RequestBody(required = false) AppDomainsRequest request) {
        AppId id = PinsWebModels.appId(appId);
        pins.app(id);
        Violations v = new Violations();
        List<HostName> hosts = PinsWebModels.body(request).hostNames(v);
        pins.checkAppDomains(hosts, v);
        v.throwIfAny();
        return AppResponse.of(pins.setAppDomains(id, hosts));
    }
}
