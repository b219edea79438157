package dev.pinwheel.bundles;

import dev.pinwheel.pins.PinCatalog;
import java.time.Duration;
import java.util.Optional;

/**
 * An app's effective poll interval and bundle lifetime: its own override, else the service
 * default ({@code pinwheel.bundles.*}). The one place either is resolved; bundles, the adoption
 * window, the rotation lint and the rotation cool-down all ask here.
 */
final class AppTimings {

    private AppTimings() {}

    /** The app's poll interval; the default for an unknown app (empty). */
    static Duration pollInterval(Optional<PinCatalog.AppView> app, BundleProperties defaults) {
        return app.map(PinCatalog.AppView::pollInterval).orElse(null) != null
                ? app.get().pollInterval()
                : defaults.pollInterval();
    }

    /** The app's poll interval. */
    static Duration pollInterval(PinCatalog.AppView app, BundleProperties defaults) {
        return pollInterval(Optional.of(app), defaults);
    }

    /** The app's bundle lifetime; the default for an unknown app (empty). */
    static Duration lifetime(Optional<PinCatalog.AppView> app, BundleProperties defaults) {
        return app.map(PinCatalog.AppView::bundleLifetime).orElse(null) != null
                ? app.get().bundleLifetime()
                : defaults.lifetime();
    }
}
