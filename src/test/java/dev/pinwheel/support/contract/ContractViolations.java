package dev.pinwheel.support.contract;

import java.util.ArrayList;
import java.util.List;

/**
 * Contract violations seen by {@link ContractValidationFilter} in this JVM, waiting for
 * {@link ContractViolationsExtension} to fail the test that caused them.
 */
public final class ContractViolations {

    private static final List<String> VIOLATIONS = new ArrayList<>();

    private ContractViolations() {}

    static synchronized void add(List<String> violations) {
        VIOLATIONS.addAll(violations);
    }

    /** Returns and forgets every violation recorded so far. */
    public static synchronized List<String> drain() {
        List<String> out = List.copyOf(VIOLATIONS);
        VIOLATIONS.clear();
        return out;
    }
}
