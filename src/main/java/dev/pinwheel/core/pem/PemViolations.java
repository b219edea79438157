package dev.pinwheel.core.pem;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.pinwheel.core.ProblemException;
import dev.pinwheel.core.ProblemType;
import dev.pinwheel.core.Violation;

/**
 * Collects the {@link Pem} problems of a request that checks many fields at once, so that every
 * bad field is named. When the only faults are PEM ones, the answer is the first one's problem
 * kind (same type and status as anywhere else) listing all of them; with other faults as well it
 * is a 400 validation problem listing every field.
 */
public final class PemViolations {

    private ProblemException first;
    private int count;

    /** The parsed value, or null when {@code parse} failed with a PEM problem (added to {@code violations}). */
    public <T> T collect(Supplier<T> parse, List<Violation> violations) {
        try {
            return parse.get();
        } catch (ProblemException e) {
            if (!isPem(e.type())) {
                throw e;
            }
            if (first == null) {
                first = e;
            }
            @SuppressWarnings("unchecked")
            List<Violation> named = (List<Violation>) e.extensions().get("violations");
            violations.addAll(named);
            count += named.size();
            return null;
        }
    }

    /** Throws when {@code violations} is not empty (see the class comment). */
    public void throwIfAny(List<Violation> violations) {
        if (first != null && count == violations.size()) {
            throw new ProblemException(first.type(), violations.size() == 1 ? first.detail()
                    : violations.size() + " fields hold unusable PEM text", Map.of("violations", List.copyOf(violations)));
        }
        if (!violations.isEmpty()) {
            throw ProblemException.invalid(violations);
        }
    }

    private static boolean isPem(ProblemType type) {
        return type == ProblemType.PEM_MALFORMED || type == ProblemType.PEM_TOO_LARGE
                || type == ProblemType.PEM_WRONG_BLOCK || type == ProblemType.CERTIFICATE_UNREADABLE;
    }
}
