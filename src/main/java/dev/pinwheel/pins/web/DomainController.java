package dev.pinwheel.pins.web;

import dev.pinwheel.pins.AppId;
import dev.pinwheel.pins.Domain;
import dev.pinwheel.pins.HostName;
import dev.pinwheel.pins.PinManagement;
import dev.pinwheel.pins.web.PinsWebModels.DomainCreateRequest;
import dev.pinwheel.pins.web.PinsWebModels.DomainResponse;
import dev.pinwheel.pins.web.PinsWebModels.DomainSettings;
import dev.pinwheel.pins.web.PinsWebModels.DomainUpdateRequest;
import dev.pinwheel.pins.web.PinsWebModels.PageResponse;
import java.net.URI;
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

/** Domains: create, list (paged, by app), read, replace settings, delete. */
@RestController
@RequestMapping(path = "/admin/v1/domains", produces = "application/json")
class DomainController {

    private final PinManagement pins;

    DomainController(PinManagement pins) {
        this.pins = pins;
    }

    @PostMapping(consumes = "application/json")
    ResponseEntity<DomainResponse> create(@RequestBody(required = false) DomainCreateRequest request) {
        DomainSettings s = DomainSettings.of(PinsWebModels.body(request));
        Domain d = pins.createDomain(s.host(), s.includeSubdomains(), s.mode());
        return ResponseEntity.created(URI.create("/admin/v1/domains/" + d.host().value()))
                .body(DomainResponse.of(d, java.util.List.of()));
    }

    @GetMapping
    PageResponse<DomainResponse> list(
            @RequestParam(required = false) String app,
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        AppId appId = app == null ? null : PinsWebModels.appId(app);
        return PageResponse.of(pins.domains(appId, PinsWebModels.pageable(page, size)), this::response);
    }

    @GetMapping("/{host}")
    DomainResponse get(@PathVariable String host) {
        return response(pins.domain(PinsWebModels.host(host)));
    }

    @PutMapping(path = "/{host}", consumes = "application/json")
    DomainResponse update(@PathVariable String host, @RequestBody(required = false) DomainUpdateRequest request) {
        HostName name = PinsWebModels.host(host);
        DomainSettings s = DomainSettings.of(name, PinsWebModels.body(request));
        return response(pins.updateDomain(name, s.includeSubdomains(), s.mode()));
    }

    @DeleteMapping("/{host}")
    ResponseEntity<Void> delete(@PathVariable String host) {
        pins.deleteDomain(PinsWebModels.host(host));
        return ResponseEntity.noContent().build();
    }

    private DomainResponse response(Domain d) {
        return DomainResponse.of(d, pins.appsCarrying(d));
    }
}
