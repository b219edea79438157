package dev.pinwheel.pins;

import java.util.List;
import java.util.Optional;

import dev.pinwheel.core.ProblemException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The {@link PinCatalog} over the pins tables. */
@Component
@Transactional(readOnly = true)
class PinCatalogAdapter implements PinCatalog {

    private final AppRepository apps;
    private final DomainRepository domains;
    private final PinSetVersionRepository versions;

    PinCatalogAdapter(AppRepository apps, DomainRepository domains, PinSetVersionRepository versions) {
        this.apps = apps;
        this.domains = domains;
        this.versions = versions;
    }

    @Override
    public Optional<AppView> app(String appId) {
        if (!AppId.isValid(appId)) {
            return Optional.empty();
        }
        return apps.findById(appId).map(a -> new AppView(a.id().value(), a.displayName(), a.pollInterval(),
                a.bundleLifetime()));
    }

    @Override
    public List<String> appIds() {
        return apps.findAllIds();
    }

    @Override
    public List<DomainPins> currentPins(String appId) {
        App app = (AppId.isValid(appId) ? apps.findById(appId) : Optional.<App>empty())
                .orElseThrow(() -> ProblemException.notFound("There is no app '" + appId + "'."));
        return app.domains().stream().map(this::pinsOf).toList();
    }

    private DomainPins pinsOf(Domain d) {
        List<Pin> pins = d.currentVersion() == 0 ? List.of()
                : versions.findByDomainIdAndVersion(d.id(), d.currentVersion())
                        .map(v -> v.pins().stream().map(p -> new Pin(p.hash().base64(), p.role())).toList())
                        .orElse(List.of());
        return new DomainPins(d.host().value(), d.includeSubdomains(), d.mode(), d.currentVersion(), pins);
    }

    @Override
    public List<String> appsCarrying(String host) {
        HostName name;
        try {
            name = HostName.of(host);
        } catch (IllegalArgumentException e) {
            return List.of();
        }
        return domains.findByHost(name.value()).map(d -> apps.findIdsCarrying(d.id())).orElse(List.of());
    }
}
