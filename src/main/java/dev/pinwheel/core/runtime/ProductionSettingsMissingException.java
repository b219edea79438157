package dev.pinwheel.core.runtime;

import java.util.List;

/**
 * Thrown at startup when the {@code prod} profile lacks settings it needs. The message is one line
 * naming every problem; it names settings, never their values.
 */
public class ProductionSettingsMissingException extends RuntimeException {

    private final List<String> problems;

    public ProductionSettingsMissingException(List<String> problems) {
        super("Refusing to start with the prod profile: " + String.join("; ", problems) + ".");
        this.problems = List.copyOf(problems);
    }

    /** The individual problems, never empty. */
    public List<String> problems() {
        return problems;
    }
}
