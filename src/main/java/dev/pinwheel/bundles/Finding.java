package dev.pinwheel.bundles;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * One result of a bundle check.
 *
 * @param code     stable upper-case code, e.g. {@code NO_BACKUP_PIN}
 * @param domain   the host it is about, or null when it is about the whole bundle
 * @param message  what is wrong, for a human
 */
public record Finding(String code, Severity severity, String domain, String message) {

    /** {@code error} findings refuse a publish (unless forced); {@code warning}s only inform. */
    public enum Severity {
        ERROR,
        WARNING;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static Finding error(String code, String domain, String message) {
        return new Finding(code, Severity.ERROR, domain, message);
    }

    public static Finding warning(String code, String domain, String message) {
        return new Finding(code, Severity.WARNING, domain, message);
    }

    /** Not part of the JSON form: {@code severity} says it. */
    @JsonIgnore
    public boolean isError() {
        return severity == Severity.ERROR;
    }
}
