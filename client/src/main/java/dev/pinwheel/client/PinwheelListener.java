package dev.pinwheel.client;

import java.io.IOException;

/**
 * What the client tells the app. Every method has a no-op default; implementations must be quick
 * and thread-safe (they run on the poller thread or on the thread making a connection). An
 * exception thrown by a listener is ignored.
 */
public interface PinwheelListener {

    /** A newer bundle was verified, stored and is now enforced. */
    default void onBundleAccepted(Bundle bundle) {}

    /** A bundle was refused; the previous one stays in force. */
    default void onBundleRejected(BundleRejectedException rejection) {}

    /** Fetching a bundle failed (network, HTTP status); the previous one stays in force. */
    default void onFetchFailed(IOException error) {}

    /**
     * The held bundle passed {@code exp + maxStaleSeconds} without a newer good one: pins are no
     * longer enforced, connections get ordinary CA validation only. Called once per stale bundle.
     */
    default void onFailOpen(Bundle staleBundle) {}

    /** A connection's chain matched none of its domain's pins (enforced: refused; report mode: allowed). */
    default void onPinFailure(PinFailure failure) {}

    /** Storing an accepted bundle failed; it is enforced anyway but will not survive a restart. */
    default void onStoreFailed(IOException error) {}
}
