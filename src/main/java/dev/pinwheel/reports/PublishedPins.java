package dev.pinwheel.reports;

import java.util.Set;

/** The pins (base64 SHA-256, any domain) carried by the published bundle {@code seq} of an app. */
record PublishedPins(long seq, Set<String> pins) {}
