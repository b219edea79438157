package dev.pinwheel.core;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * An error that becomes an RFC 9457 problem response. The {@code detail} is shown to the caller,
 * so it must say what this request got wrong and must never contain secrets or key material.
 */
public class ProblemException extends RuntimeException {

    private final ProblemType type;
    private final Map<String, Object> extensions;

    public ProblemException(ProblemType type, String detail) {
        this(type, detail, Map.of());
    }

    public ProblemException(ProblemType type, String detail, Map<String, ?> extensions) {
        super(detail, null, false, false);
        this.type = type;
        this.extensions = new LinkedHashMap<>(extensions);
    }

    public ProblemType type() {
        return type;
    }

    public HttpStatus status() {
        return type.status();
    }

    public String detail() {
        return getMessage();
    }

    /** Extension members (camelCase) added to the problem body, e.g. {@code currentVersion}. */
    public Map<String, Object> extensions() {
        return extensions;
    }

    public ProblemException with(String name, Object value) {
        extensions.put(name, value);
        return this;
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(ProblemType.NOT_FOUND, detail);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(ProblemType.CONFLICT, detail);
    }

    public static ProblemException invalid(String field, String message) {
        return new ProblemException(
                ProblemType.VALIDATION,
                field + ": " + message,
                Map.of("violations", java.util.List.of(new Violation(field, message))));
    }

    public static ProblemException invalid(java.util.List<Violation> violations) {
        String detail = violations.size() == 1
                ? violations.get(0).field() + ": " + violations.get(0).message()
                : violations.size() + " fields are invalid";
        return new ProblemException(ProblemType.VALIDATION, detail, Map.of("violations", violations));
    }
}
