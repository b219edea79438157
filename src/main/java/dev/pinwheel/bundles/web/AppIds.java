package dev.pinwheel.bundles.web;

import dev.pinwheel.core.ProblemException;
import dev.pinwheel.pins.AppId;

/** Rejects malformed app ids with 400 before anything is looked up. */
final class AppIds {

    private AppIds() {}

    static String check(String appId) {
        if (!AppId.isValid(appId)) {
            throw ProblemException.invalid(
                    "appId", "must be 1-63 lower-case letters, digits and hyphens, starting with a letter or digit");
        }
        return appId;
    }
}
