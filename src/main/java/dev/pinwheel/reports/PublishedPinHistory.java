package dev.pinwheel.reports;

import java.util.List;

/** Reads the pins of every bundle an app has published (from the bundles module). */
interface PublishedPinHistory {

    /** One entry per published bundle of the app, any order; empty when it published none. */
    List<PublishedPins> of(String appId);
}
