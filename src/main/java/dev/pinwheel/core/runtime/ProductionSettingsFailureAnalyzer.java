package dev.pinwheel.core.runtime;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns {@link ProductionSettingsMissingException} into one clear line instead of a stack trace. */
class ProductionSettingsFailureAnalyzer extends AbstractFailureAnalyzer<ProductionSettingsMissingException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ProductionSettingsMissingException cause) {
        return new FailureAnalysis(
                cause.getMessage(),
                "Set the missing settings in the environment (see .env.example and docs/deployment.md).",
                cause);
    }
}
