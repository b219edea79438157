package dev.pinwheel.support.contract;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Test-only outermost filter: records every response (MockMvc and real server alike) and checks it
 * against openapi.yaml. Violations go to {@link ContractViolations}; the response itself is passed on
 * unchanged. Responses left to the error page ({@code sendError}) are checked when the error
 * dispatch renders them.
 */
public class ContractValidationFilter implements Filter {

    private static final String SEEN = ContractValidationFilter.class.getName() + ".seen";

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request)
                || !(res instanceof HttpServletResponse response)
                || "OPTIONS".equalsIgnoreCase(request.getMethod())
                || (request.getDispatcherType() != DispatcherType.REQUEST
                        && request.getDispatcherType() != DispatcherType.ERROR)
                || request.getAttribute(SEEN + request.getDispatcherType()) != null
                // the operator console's HTML pages are not part of the API contract (docs/console.md)
                || request.getRequestURI().startsWith(request.getContextPath() + "/console")) {
            chain.doFilter(req, res);
            return;
        }
        request.setAttribute(SEEN + request.getDispatcherType(), Boolean.TRUE);
        Recording recording = new Recording(response);
        try {
            chain.doFilter(request, recording);
        } finally {
            if (request.isAsyncStarted()) {
                request.getAsyncContext().addListener(new AsyncListener() {
                    @Override
                    public void onComplete(AsyncEvent event) throws IOException {
                        finish(request, recording);
                    }

                    @Override
                    public void onTimeout(AsyncEvent event) {}

                    @Override
                    public void onError(AsyncEvent event) {}

                    @Override
                    public void onStartAsync(AsyncEvent event) {}
                });
            } else {
                finish(request, recording);
            }
        }
    }

    private static void finish(HttpServletRequest request, Recording recording) throws IOException {
        String path;
        if (request.getDispatcherType() == DispatcherType.ERROR) {
            Object original = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
            path = original instanceof String s ? s : request.getRequestURI();
        } else {
            path = request.getRequestURI();
        }
        String context = request.getContextPath();
        if (context != null && !context.isEmpty() && path.startsWith(context)) {
            path = path.substring(context.length());
        }
        try {
            List<String> problems = OpenApiContract.get()
                    .check(
                            request.getMethod(),
                            path,
                            recording.getStatus(),
                            recording.getContentType(),
                            recording.getContentAsByteArray(),
                            !recording.errorSent);
            if (!problems.isEmpty()) {
                ContractViolations.add(problems);
            }
        } catch (RuntimeException e) {
            ContractViolations.add(
                    List.of(request.getMethod() + " " + path + ": cannot check against openapi.yaml: " + e));
        } finally {
            recording.copyBodyToResponse();
        }
    }

    private static final class Recording extends ContentCachingResponseWrapper {

        boolean errorSent;

        Recording(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void sendError(int sc) throws IOException {
            errorSent = true;
            super.sendError(sc);
        }

        @Override
        public void sendError(int sc, String msg) throws IOException {
            errorSent = true;
            super.sendError(sc, msg);
        }
    }
}
