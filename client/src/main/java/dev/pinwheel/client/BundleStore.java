package dev.pinwheel.client;

import java.io.IOException;
import java.util.Optional;

/**
 * Where the client's last good state survives restarts: one text holding the root documents it
 * walked, the key set and the bundle, each exactly as received. The client verifies all of it
 * again from the configured root when it loads it, so a store needs no integrity of its own; it
 * must however replace the old text atomically (a reader sees the old or the new text, never a
 * mix), or a crash could lose the last good state or pair a key set with a bundle it never verified.
 */
public interface BundleStore {

    /** The stored text, or empty when nothing was stored yet. */
    Optional<String> load() throws IOException;

    /** Replaces the stored text with {@code state}, atomically. */
    void save(String state) throws IOException;

    /** A store that keeps the state in memory only (lost on restart; the shipped baseline applies again). */
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
