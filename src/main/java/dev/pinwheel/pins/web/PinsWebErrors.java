package dev.pinwheel.pins.web;

import java.net.URI;

import dev.pinwheel.core.ProblemType;
import dev.pinwheel.core.RequestIds;
import dev.pinwheel.core.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Races the service cannot rule out beforehand (two creates of the same id, a concurrent change of
 * the same row) become 409 problems instead of 500s. Nothing was stored: the transaction rolled back.
 */
@RestControllerAdvice(basePackageClasses = PinsWebErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class PinsWebErrors {

    @ExceptionHandler({DataIntegrityViolationException.class, OptimisticLockingFailureException.class,
            PessimisticLockingFailureException.class})
    ResponseEntity<ProblemDetail> concurrentChange(Exception ex, HttpServletRequest request) {
        ProblemDetail pd = Problems.of(ProblemType.CONFLICT,
                "A concurrent change of the same resource won; read it again and retry.");
        pd.setInstance(URI.create(request.getRequestURI()));
        if (RequestIds.current() != null) {
            pd.setProperty("requestId", RequestIds.current());
        }
        return ResponseEntity.status(pd.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(pd);
    }
}
