package dev.pinwheel.core.web;

import dev.pinwheel.core.ProblemType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses request bodies over {@code pinwheel.web.max-body-size} with 413: at once when the
 * declared {@code Content-Length} is too large, and while reading when a chunked (or lying) body
 * grows past the limit. Runs before authentication so that nobody can make the service buffer a
 * large body.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestSizeLimitFilter extends OncePerRequestFilter {

    /** Request attribute set once a streamed body went over the limit. */
    static final String EXCEEDED = RequestSizeLimitFilter.class.getName() + ".exceeded";

    private final long limit;
    private final JsonMapper json;

    RequestSizeLimitFilter(WebProperties properties, JsonMapper json) {
        this.limit = properties.maxBodySize().toBytes();
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            response.setHeader("Connection", "close");
            Problems.write(
                    json,
                    response,
                    Problems.of(
                            ProblemType.PAYLOAD_TOO_LARGE,
                            "The request body has " + declared + " bytes; at most " + limit + " are accepted.",
                            request));
            return;
        }
        chain.doFilter(new Limited(request, limit), response);
    }

    static boolean exceeded(HttpServletRequest request) {
        return Boolean.TRUE.equals(request.getAttribute(EXCEEDED));
    }

    private static final class Limited extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream stream;

        Limited(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new Counting(super.getInputStream(), limit, (HttpServletRequest) getRequest());
            }
            return stream;
        }

        @Override
        public java.io.BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            return new java.io.BufferedReader(new java.io.InputStreamReader(
                    getInputStream(),
                    encoding == null
                            ? java.nio.charset.StandardCharsets.UTF_8
                            : java.nio.charset.Charset.forName(encoding)));
        }
    }

    private static final class Counting extends ServletInputStream {

        private final ServletInputStream in;
        private final long limit;
        private final HttpServletRequest request;
        private long count;

        Counting(ServletInputStream in, long limit, HttpServletRequest request) {
            this.in = in;
            this.limit = limit;
            this.request = request;
        }

        private void add(long n) throws BodyTooLargeException {
            if (n > 0) {
                count += n;
                if (count > limit) {
                    request.setAttribute(EXCEEDED, true);
                    throw new BodyTooLargeException(limit);
                }
            }
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = in.read(buf, off, len);
            add(n);
            return n;
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
