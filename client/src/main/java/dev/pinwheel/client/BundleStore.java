package dev.pinwheel.client;

import java.io.IOException;
import java.util.Optional;

/**
 * Where the last accepted bundle survives restarts. The client stores the compact JWS exactly as
 * received and verifies it again when it loads it, so a store needs no integrity of its own; it
 * must however replace the old bundle atomically (a reader sees the old or the new bundle, never
 * a mix), or a crash could lose the last good bundle.
 */
public interface BundleStore {

    /** The stored compact JWS, or empty when nothing was stored yet. */
    Optional<String> load() throws IOException;

    /** Replaces the stored bundle with {@code jws}, atomically. */
    void save(String jws) throws IOException;

    /** A store that keeps the bundle in memory only (lost on restart; the baseline bundle applies again). */
    static BundleStore inMemory() {
        return new BundleStore() {
            private volatile String jws;

            @Override
            public Optional<String> load() {
                return Optional.ofNullable(jws);
            }

            @Override
            public void save(String value) {
                jws = value;
            }
        };
    }
}
