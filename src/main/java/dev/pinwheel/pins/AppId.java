package dev.pinwheel.pins;

import java.util.Objects;
import java.util.regex.Pattern;

/** An app's id: {@code [a-z0-9][a-z0-9-]{0,62}}, also the {@code aud} of its bundles. */
public record AppId(String value) {

    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    public AppId {
        Objects.requireNonNull(value, "value");
        if (!VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("must match [a-z0-9][a-z0-9-]{0,62}: 1-63 lower-case letters, digits "
                    + "and hyphens, starting with a letter or digit");
        }
    }

    /**
     * Parses an app id as a caller gives it (no normalisation: ids are case-sensitive).
     *
     * @throws IllegalArgumentException with a message saying what is wrong
     */
    public static AppId parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("is required");
        }
        return new AppId(text);
    }

    /** Whether {@code value} is a well-formed app id. */
    public static boolean isValid(String value) {
        return value != null && VALID.matcher(value).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
