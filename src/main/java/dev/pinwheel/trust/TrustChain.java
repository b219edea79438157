package dev.pinwheel.trust;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The verified state of the trust chain: every root version (version 1 first, each verified against
 * the one before it) and the served key set (verified against the root version it names), or none.
 *
 * @param keySet null while no key set was endorsed
 */
public record TrustChain(List<TrustVerifier.RootVersion> roots, TrustVerifier.KeySet keySet) {

    /** The empty chain: no root yet. */
    static final TrustChain EMPTY = new TrustChain(List.of(), null);

    /** Verifies stored documents with {@link TrustVerifier}; throws its problem when any fails. */
    static TrustChain verify(List<String> rootDocuments, Optional<String> keySetDocument) {
        List<TrustVerifier.RootVersion> roots = new ArrayList<>();
        TrustVerifier.RootVersion previous = null;
        for (String document : rootDocuments) {
            previous = TrustVerifier.verifyRoot(document, previous);
            roots.add(previous);
        }
        TrustVerifier.KeySet keySet = null;
        if (keySetDocument.isPresent()) {
            String document = keySetDocument.get();
            int rootVersion = TrustVerifier.parseKeySetRootVersion(document);
            if (rootVersion < 1 || rootVersion > roots.size()) {
                throw new IllegalStateException(
                        "The stored key set names root version " + rootVersion + ", which is not stored");
            }
            keySet = TrustVerifier.verifyKeySet(document, roots.get(rootVersion - 1));
        }
        return new TrustChain(List.copyOf(roots), keySet);
    }

    /** The newest root version, or empty when there is none yet. */
    public Optional<TrustVerifier.RootVersion> latestRoot() {
        return roots.isEmpty() ? Optional.empty() : Optional.of(roots.get(roots.size() - 1));
    }

    /** Root version {@code version}, or empty. */
    public Optional<TrustVerifier.RootVersion> root(int version) {
        return version >= 1 && version <= roots.size() ? Optional.of(roots.get(version - 1)) : Optional.empty();
    }
}
