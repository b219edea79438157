package dev.pinwheel.trust;

import java.util.Set;

/**
 * What the trust chain needs to know about bundles, implemented by the bundles module (which depends
 * on trust, not the other way round).
 */
public interface ServedBundles {

    /** The issuer of every bundle ({@code iss}); roots and key sets carry the same. */
    String issuer();

    /** The kids that sign the newest bundle of some app: a key set must keep listing them. */
    Set<String> signingKids();
}
