package dev.pinwheel.support.contract;

import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test when an HTTP response seen during it did not match openapi.yaml. Registered for every
 * test through JUnit's extension auto-detection.
 */
public class ContractViolationsExtension implements AfterEachCallback, AfterAllCallback {

    @Override
    public void afterEach(ExtensionContext context) {
        failOnViolations();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        failOnViolations();
    }

    private static void failOnViolations() {
        List<String> violations = ContractViolations.drain();
        if (!violations.isEmpty()) {
            throw new AssertionError(
                    "HTTP responses do not match openapi.yaml:\n  - " + String.join("\n  - ", violations));
        }
    }
}
