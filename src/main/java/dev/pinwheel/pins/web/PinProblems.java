package dev.pinwheel.pins.web;

import dev.pinwheel.core.DomainException;
import dev.pinwheel.core.ProblemException;
import dev.pinwheel.core.ProblemType;
import dev.pinwheel.core.web.Problems;
import dev.pinwheel.pins.PinSetRuleBroken;
import dev.pinwheel.pins.StalePinSetVersion;
import dev.pinwheel.pins.rotation.RotationNotSafeYet;
import dev.pinwheel.pins.rotation.RotationStepRefused;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;

/**
 * The one place where the pins model's refusals become problem responses: the problem type
 * (and so title and status) of each kind and its extension members. The model says what was
 * refused in its own words; HTTP is decided here. The API's controllers answer with it; the console
 * shows the same problem in its pages ({@link #problem}).
 */
@RestControllerAdvice(annotations = RestController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public final class PinProblems {

    @ExceptionHandler(DomainException.class)
    ResponseEntity<Object> handle(DomainException ex, WebRequest request) {
        return Problems.response(problem(ex), request);
    }

    /** The problem a refusal is answered with. */
    public static ProblemException problem(DomainException ex) {
        if (ex instanceof StalePinSetVersion e) {
            return new ProblemException(
                    ProblemType.PRECONDITION_FAILED,
                    "If-Match names version "
                            + e.expectedVersion() + " but the current pin set version of " + e.host() + " is "
                            + e.currentVersion() + "; read it again and retry.",
                    Map.of("currentVersion", e.currentVersion()));
        }
        Map<String, Object> ext = new LinkedHashMap<>();
        if (ex instanceof PinSetRuleBroken e) {
            ext.put("rule", e.rule().ruleName());
            putIfSet(ext, "pin", e.pin() == null ? null : e.pin().value());
            putIfSet(ext, "field", e.field());
            return new ProblemException(ProblemType.PIN_SET_RULE, e.getMessage(), ext);
        }
        if (ex instanceof RotationNotSafeYet e) {
            putIfSet(ext, "unpublishedApps", e.unpublishedApps());
            putIfSet(
                    ext,
                    "safeAfter",
                    e.safeAfter() == null ? null : e.safeAfter().toString());
            putIfSet(ext, "adoption", e.adoption());
            putIfSet(
                    ext,
                    "servedPin",
                    e.servedPin() == null ? null : e.servedPin().value());
            putIfSet(ext, "liveCheckFailure", e.liveCheckFailure());
            return new ProblemException(ProblemType.ROTATION_NOT_SAFE_YET, e.getMessage(), ext);
        }
        if (ex instanceof RotationStepRefused e) {
            putIfSet(ext, "state", e.state() == null ? null : e.state().wireName());
            return new ProblemException(ProblemType.ROTATION_STATE, e.getMessage(), ext);
        }
        return new ProblemException(ProblemType.CONFLICT, ex.getMessage());
    }

    private static void putIfSet(Map<String, Object> ext, String name, Object value) {
        if (value != null) {
            ext.put(name, value);
        }
    }
}
