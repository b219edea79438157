package dev.pinwheel.core.web;

import dev.pinwheel.core.ProblemException;
import dev.pinwheel.core.ProblemType;
import dev.pinwheel.core.RequestIds;
import dev.pinwheel.core.Violation;
import jakarta.validation.ConstraintViolationException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every error into an RFC 9457 {@code application/problem+json} body with a stable
 * {@code type}, a fixed {@code title}, a {@code detail} about this request and the request id.
 * Never writes a stack trace or exception message of an unexpected error into a response.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<Object> handleProblem(ProblemException ex, WebRequest request) {
        return Problems.response(ex, request);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<Object> handleConstraintViolation(ConstraintViolationException ex, WebRequest request) {
        List<Violation> violations = ex.getConstraintViolations().stream()
                .map(v -> new Violation(leaf(v.getPropertyPath().toString()), v.getMessage()))
                .toList();
        ProblemException problem = ProblemException.invalid(violations);
        return handleProblem(problem, request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> handleTypeMismatch(MethodArgumentTypeMismatchException ex, WebRequest request) {
        return handleProblem(ProblemException.invalid(ex.getName(), "has an invalid value"), request);
    }

    @ExceptionHandler({
        CannotCreateTransactionException.class,
        DataAccessResourceFailureException.class,
        QueryTimeoutException.class
    })
    ResponseEntity<Object> handleDatabaseDown(Exception ex, WebRequest request) {
        log.warn("Database unavailable: {}", ex.getClass().getSimpleName());
        return respond(
                Problems.of(ProblemType.UNAVAILABLE, "The database is unavailable; try again shortly."),
                retryAfter(),
                request);
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<Object> handleAccessDenied(AccessDeniedException ex, WebRequest request) {
        String what = request instanceof ServletWebRequest swr
                ? swr.getRequest().getMethod() + " " + swr.getRequest().getRequestURI()
                : "do this";
        return respond(
                Problems.of(ProblemType.FORBIDDEN, "This token's role may not " + what + "."),
                new HttpHeaders(),
                request);
    }

    /**
     * Races a service cannot rule out beforehand (two creates of the same id, a concurrent change
     * of the same row) are conflicts, not errors. Nothing was stored: the transaction rolled back.
     */
    @ExceptionHandler({
        DataIntegrityViolationException.class,
        OptimisticLockingFailureException.class,
        PessimisticLockingFailureException.class
    })
    ResponseEntity<Object> handleConcurrentChange(Exception ex, WebRequest request) {
        return respond(
                Problems.of(
                        ProblemType.CONFLICT, "A concurrent change of the same resource won; read it again and retry."),
                new HttpHeaders(),
                request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> handleUnexpected(Exception ex, WebRequest request) {
        if (tooLarge(ex, request)) {
            return tooLarge(request);
        }
        log.error("Unexpected error serving request", ex);
        return respond(
                Problems.of(
                        ProblemType.INTERNAL,
                        "An unexpected error occurred; see the server log for request " + RequestIds.current() + "."),
                new HttpHeaders(),
                request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Violation> violations = ex.getBindingResult().getAllErrors().stream()
                .map(e -> e instanceof FieldError fe
                        ? new Violation(fe.getField(), fe.getDefaultMessage())
                        : new Violation(e.getObjectName(), e.getDefaultMessage()))
                .toList();
        return handleProblem(ProblemException.invalid(violations), request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Violation> violations = ex.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream()
                        .map(e -> new Violation(r.getMethodParameter().getParameterName(), e.getDefaultMessage())))
                .toList();
        return handleProblem(ProblemException.invalid(violations), request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (tooLarge(ex, request)) {
            return tooLarge(request);
        }
        return respond(
                Problems.of(
                        ProblemType.MALFORMED_BODY,
                        "The request body is missing or is not valid JSON of the expected shape."),
                headers,
                request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(
            MissingServletRequestParameterException ex,
            HttpHeaders headers,
            HttpStatusCode status,
            WebRequest request) {
        return handleProblem(ProblemException.invalid(ex.getParameterName(), "is required"), request);
    }

    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(
            NoResourceFoundException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return respond(
                Problems.of(ProblemType.NOT_FOUND, "No resource at " + ex.getResourcePath() + "."), headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(
            HttpRequestMethodNotSupportedException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return respond(
                Problems.of(ProblemType.METHOD_NOT_ALLOWED, "Method " + ex.getMethod() + " is not supported here."),
                headers,
                request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(
            HttpMediaTypeNotSupportedException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return respond(
                Problems.of(
                        ProblemType.UNSUPPORTED_MEDIA_TYPE,
                        "Content type " + ex.getContentType() + " is not supported; send " + ex.getSupportedMediaTypes()
                                + "."),
                headers,
                request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotAcceptable(
            HttpMediaTypeNotAcceptableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return respond(
                Problems.of(ProblemType.NOT_ACCEPTABLE, "None of the accepted media types can be produced."),
                new HttpHeaders(),
                request);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception ex, Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail pd) {
            Problems.decorate(pd, statusCode);
            return respond(pd, headers, request);
        }
        return super.handleExceptionInternal(ex, body, headers, statusCode, request);
    }

    private ResponseEntity<Object> respond(ProblemDetail body, HttpHeaders headers, WebRequest request) {
        return Problems.respond(body, headers, request);
    }

    private ResponseEntity<Object> tooLarge(WebRequest request) {
        HttpHeaders h = new HttpHeaders();
        h.setConnection("close");
        return respond(
                Problems.of(ProblemType.PAYLOAD_TOO_LARGE, "The request body is larger than allowed."), h, request);
    }

    private static boolean tooLarge(Throwable ex, WebRequest request) {
        if (request instanceof ServletWebRequest swr && RequestSizeLimitFilter.exceeded(swr.getRequest())) {
            return true;
        }
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof BodyTooLargeException) {
                return true;
            }
        }
        return false;
    }

    private static HttpHeaders retryAfter() {
        HttpHeaders h = new HttpHeaders();
        h.set(HttpHeaders.RETRY_AFTER, "5");
        return h;
    }

    private static String leaf(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
