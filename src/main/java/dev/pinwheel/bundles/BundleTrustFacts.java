package dev.pinwheel.bundles;

import java.util.Set;

import dev.pinwheel.trust.ServedBundles;
import org.springframework.stereotype.Component;

/** Tells the trust chain the bundles' issuer and which keys sign the served bundles. */
@Component
class BundleTrustFacts implements ServedBundles {

    private final BundleStore store;
    private final BundleProperties properties;

    BundleTrustFacts(BundleStore store, BundleProperties properties) {
        this.store = store;
        this.properties = properties;
    }

    @Override
    public String issuer() {
        return properties.issuerString();
    }

    @Override
    public Set<String> signingKids() {
        return store.newestKids();
    }
}
