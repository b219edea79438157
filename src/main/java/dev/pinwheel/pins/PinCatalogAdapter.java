package dev.pinwheel.pins;

import dev.pinwheel.core.ProblemException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The {@link PinCatalog} over the pins tables. */
@Component
@Transactional(readOnly = true)
class PinCatalogAdapter implements PinCatalog {

    private static final int IN_LIST_CHUNK = 1000;

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
        return apps.findById(appId)
                .map(a -> new AppView(
                        a.id().value(),
                        a.displayName(),
                        a.pollInterval(),
                        a.bundleLifetime(),
                        a.promoteAdoptionPercent()));
    }

    @Override
    public List<String> appIds() {
        return apps.findAllIds();
    }

    @Override
    public Map<String, Duration> bundleLifetimeOverrides() {
        Map<String, Duration> lifetimes = new HashMap<>();
        for (Object[] row : apps.findBundleLifetimeOverrides()) {
            lifetimes.put((String) row[0], Duration.ofSeconds(((Number) row[1]).longValue()));
        }
        return lifetimes;
    }

    @Override
    public List<DomainPins> currentPins(String appId) {
        App app = (AppId.isValid(appId) ? apps.findById(appId) : Optional.<App>empty())
                .orElseThrow(() -> ProblemException.notFound("There is no app '" + appId + "'."));
        // one query for every domain's current pins: a big app must not cost a round trip per domain
        List<Long> ids = app.domains().stream()
                .filter(d -> d.currentVersion() != 0)
                .map(Domain::id)
                .toList();
        Map<Long, PinSetVersion> current = new HashMap<>();
        for (int from = 0; from < ids.size(); from += IN_LIST_CHUNK) {
            for (PinSetVersion v :
                    versions.findCurrentOf(ids.subList(from, Math.min(ids.size(), from + IN_LIST_CHUNK)))) {
                current.put(v.domainId(), v);
            }
        }
        return app.domains().stream().map(d -> pinsOf(d, current.get(d.id()))).toList();
    }

    private static DomainPins pinsOf(Domain d, PinSetVersion version) {
        List<Pin> pins = d.currentVersion() == 0 || version == null
                ? List.of()
                : version.pins().stream().map(p -> new Pin(p.hash(), p.role())).toList();
        return new DomainPins(d.host().value(), d.includeSubdomains(), d.mode(), d.currentVersion(), pins);
    }

    @Override
    public List<String> hostsOf(String appId) {
        return (AppId.isValid(appId) ? apps.findById(appId) : Optional.<App>empty())
                .map(a -> a.domains().stream().map(d -> d.host().value()).toList())
                .orElse(List.of());
    }

    @Override
    public List<String> appsCarrying(String host) {
        HostName name;
        try {
            name = HostName.of(host);
        } catch (IllegalArgumentException e) {
            return List.of();
        }
        return domains.findByHost(name.value())
                .map(d -> apps.findIdsCarrying(d.id()))
                .orElse(List.of());
    }
}
