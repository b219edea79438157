package dev.pinwheel.core.web;

import dev.pinwheel.core.ProblemType;
import dev.pinwheel.core.RequestIds;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers 503 problem+json when the database is unreachable while a filter before Spring MVC
 * needs it (the bearer-token lookup of every admin request), exactly as {@link ProblemHandler}
 * does for controllers; without it such a request would end in the container's generic 500.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 3)
class DatabaseUnavailableFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(DatabaseUnavailableFilter.class);

    private final JsonMapper json;

    DatabaseUnavailableFilter(JsonMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (ServletException | RuntimeException e) {
            if (!isDatabaseUnavailable(e) || response.isCommitted()) {
                throw e;
            }
            log.warn("Database unavailable: {}", rootName(e));
            response.reset();
            if (RequestIds.current() != null) {
                response.setHeader(RequestIds.HEADER, RequestIds.current()); // reset() dropped it
            }
            response.setHeader(HttpHeaders.RETRY_AFTER, "5");
            Problems.write(
                    json,
                    response,
                    Problems.of(ProblemType.UNAVAILABLE, "The database is unavailable; try again shortly.", request));
        }
    }

    static boolean isDatabaseUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CannotCreateTransactionException
                    || t instanceof DataAccessResourceFailureException
                    || t instanceof QueryTimeoutException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static String rootName(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName();
    }
}
