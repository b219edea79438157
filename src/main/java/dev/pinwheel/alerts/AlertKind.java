package dev.pinwheel.alerts;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The conditions Pinwheel alerts on. The wire names are used in webhook bodies, webhook
 * subscriptions, watch findings and the {@code kind} label of {@code pinwheel_watch_findings}.
 */
public enum AlertKind {
    /** A host serves a key that the newest published bundle of an app carrying it does not pin. */
    UNPINNED_KEY,
    /** A served certificate expires soon and no rotation of its domain is open. */
    CERTIFICATE_EXPIRING,
    /** A rotation has been staged or promoted for long without moving. */
    ROTATION_STALLED,
    /** An app's newest bundle expires soon. */
    BUNDLE_EXPIRING,
    /** Many pin-failure reports classified as possible interception in a short time. */
    INTERCEPTION_SPIKE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<AlertKind> fromWireName(String s) {
        return Arrays.stream(values()).filter(k -> k.wireName().equals(s)).findFirst();
    }
}
