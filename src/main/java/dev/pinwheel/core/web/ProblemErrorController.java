package dev.pinwheel.core.web;

import dev.pinwheel.core.ProblemType;
import dev.pinwheel.core.RequestIds;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Boot's whitelabel/JSON error page: errors that happen outside Spring MVC (in the
 * container, in filters, {@code sendError}) become problem+json too. Says only what the status
 * says; never exception messages or stack traces.
 */
@RestController
class ProblemErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

    @RequestMapping(path = "${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request, HttpServletResponse response) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        int status = code instanceof Integer i ? i : HttpStatus.NOT_FOUND.value();
        if (code == null) {
            uri = request.getRequestURI();
        }
        ProblemType type = ProblemType.forStatus(status);
        Throwable error = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        if (type == ProblemType.INTERNAL && error != null) {
            log.error("Unexpected error outside Spring MVC", error);
        }
        if (RequestSizeLimitFilter.exceeded(request)) {
            type = ProblemType.PAYLOAD_TOO_LARGE;
            status = type.status().value();
        }
        ProblemDetail pd = Problems.of(type, detail(type, status, uri));
        pd.setStatus(status);
        if (uri instanceof String s) {
            pd.setInstance(URI.create(s.replace(" ", "%20")));
        }
        String requestId = RequestIds.current() != null ? RequestIds.current() : response.getHeader(RequestIds.HEADER);
        if (requestId != null) {
            pd.setProperty("requestId", requestId);
        }
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(pd);
    }

    private static String detail(ProblemType type, int status, Object uri) {
        return switch (type) {
            case NOT_FOUND -> "No resource at " + uri + ".";
            case INTERNAL ->
                "An unexpected error occurred; see the server log for request " + RequestIds.current() + ".";
            case VALIDATION -> "The request was rejected (HTTP " + status + ").";
            default -> type.title() + ".";
        };
    }
}
