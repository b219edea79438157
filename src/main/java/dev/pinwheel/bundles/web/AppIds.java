package dev.pinwheel.bundles.web;

import java.util.regex.Pattern;

import dev.pinwheel.core.ProblemException;

/** Rejects app ids that no app can have (the pins module decides what a valid id is). */
final class AppIds {

    private static final Pattern PLAUSIBLE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    private AppIds() {
    }

    static String check(String appId) {
        if (!PLAUSIBLE.matcher(appId).matches()) {
            throw ProblemException.invalid("appId", "must be 1 to 63 letters, digits, '.', '_' or '-'");
        }
        return appId;
    }
}
