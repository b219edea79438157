package dev.pinwheel.signing;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a {@link MasterKeyException} into a short startup failure report instead of a stack trace. */
class MasterKeyFailureAnalyzer extends AbstractFailureAnalyzer<MasterKeyException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MasterKeyException cause) {
        return new FailureAnalysis(cause.getMessage(), cause.action(), null);
    }
}
