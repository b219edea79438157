/**
 * The hot path: the in-memory cache of every app's newest signed bundle, the client polling
 * endpoint, and keeping replicas' caches in sync (PostgreSQL LISTEN/NOTIFY plus a periodic check).
 */
package dev.pinwheel.delivery;
