package dev.pinwheel.core.web;

import dev.pinwheel.core.ProblemException;
import dev.pinwheel.core.ProblemType;
import dev.pinwheel.core.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds problem bodies with the stable type URI and title of a {@link ProblemType}, and writes
 * them where no Spring MVC handler runs (servlet filters, the security entry point).
 */
public final class Problems {

    private Problems() {}

    public static ProblemDetail of(ProblemType type, String detail) {
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(type.status(), detail);
        pd.setType(type.uri());
        pd.setTitle(type.title());
        return pd;
    }

    /** A problem about this request: {@code instance} is its path, {@code requestId} its id (when known). */
    public static ProblemDetail of(ProblemType type, String detail, HttpServletRequest request) {
        return about(of(type, detail), request);
    }

    /** Adds {@code instance} (the request path) and {@code requestId} (when known) to a problem body. */
    public static ProblemDetail about(ProblemDetail pd, HttpServletRequest request) {
        pd.setInstance(URI.create(request.getRequestURI()));
        String requestId = RequestIds.current();
        if (requestId != null) {
            pd.setProperty("requestId", requestId);
        }
        return pd;
    }

    /**
     * The response of a problem raised while handling a request: its type, title, status,
     * detail and extensions, the request's path and id, as {@code application/problem+json}.
     * Every {@code @ExceptionHandler} answers through here, so all problem bodies look alike.
     */
    public static ResponseEntity<Object> response(ProblemException ex, WebRequest request) {
        ProblemDetail body = of(ex.type(), ex.detail());
        ex.extensions().forEach(body::setProperty);
        return respond(body, new HttpHeaders(), request);
    }

    static ResponseEntity<Object> respond(ProblemDetail body, HttpHeaders headers, WebRequest request) {
        if (request instanceof ServletWebRequest swr) {
            about(body, swr.getRequest());
        } else if (RequestIds.current() != null) {
            body.setProperty("requestId", RequestIds.current());
        }
        HttpHeaders out = new HttpHeaders();
        out.addAll(headers);
        out.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return ResponseEntity.status(body.getStatus()).headers(out).body(body);
    }

    /** Writes a problem as the whole response (status, problem+json content type, body). */
    public static void write(JsonMapper json, HttpServletResponse response, ProblemDetail pd) throws IOException {
        response.setStatus(pd.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), pd);
    }

    /** Gives a framework-made problem body one of our stable types, chosen by its status. */
    static void decorate(ProblemDetail pd, HttpStatusCode status) {
        ProblemType t = ProblemType.forStatus(status.value());
        pd.setType(t.uri());
        pd.setTitle(t.title());
    }
}
