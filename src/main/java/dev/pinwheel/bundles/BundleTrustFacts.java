package dev.pinwheel.bundles;

import dev.pinwheel.trust.ServedBundles;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Tells the trust chain the bundles' issuer and which keys sign the served bundles. */
@Component
class BundleTrustFacts implements ServedBundles {

    private final BundleStore store;
    private final BundleIssuer issuer;

    BundleTrustFacts(BundleStore store, BundleIssuer issuer) {
        this.store = store;
        this.issuer = issuer;
    }

    @Override
    public String issuer() {
        return issuer.value();
    }

    @Override
    public Set<String> signingKids() {
        return store.newestKids();
    }
}
