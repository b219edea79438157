package dev.pinwheel.reports.web;

import dev.pinwheel.core.ProblemException;
import dev.pinwheel.core.ProblemType;
import dev.pinwheel.core.web.ClientAddresses;
import dev.pinwheel.core.web.Problems;
import dev.pinwheel.reports.ClientRateLimiter;
import dev.pinwheel.reports.ReportManagement;
import dev.pinwheel.reports.ReportProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/apps/{appId}/reports}: a client's pin-failure report, no credentials. In this
 * order: rate limit per client (429 with {@code Retry-After}; clients told apart by
 * {@link ClientAddresses}: IPv6 per /64, forwarded addresses only from trusted proxies), size by
 * {@code Content-Length} and by counting the streamed bytes (413), then the app (404) and the
 * body (400). Answers 204 when stored.
 */
@RestController
class ReportIntakeController {

    private final ReportManagement reports;
    private final ClientRateLimiter limiter;
    private final long maxBytes;

    private final ClientAddresses clients;

    ReportIntakeController(
            ReportManagement reports, ReportProperties properties, Clock clock, ClientAddresses clients) {
        this.reports = reports;
        this.clients = clients;
        this.limiter = new ClientRateLimiter(properties.rateLimit(), clock);
        this.maxBytes = properties.maxBodySize().toBytes();
    }

    @PostMapping(
            path = "/v1/apps/{appId}/reports",
            consumes = {MediaType.APPLICATION_JSON_VALUE, "application/*+json"})
    ResponseEntity<?> receive(@PathVariable String appId, HttpServletRequest request) throws IOException {
        Optional<Duration> wait = limiter.tryAcquire(clients.key(request));
        if (wait.isPresent()) {
            reports.rejected("rate-limited");
            return rateLimited(request, wait.get());
        }
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            reports.rejected("too-large");
            throw tooLarge();
        }
        byte[] body = readAtMost(request.getInputStream(), maxBytes);
        if (body == null) {
            reports.rejected("too-large");
            throw tooLarge();
        }
        reports.receive(appId, body);
        return ResponseEntity.noContent().build();
    }

    /** The body, or null when it is longer than {@code max} bytes (reading stops right after the limit). */
    private static byte[] readAtMost(InputStream in, long max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) != -1) {
            total += n;
            if (total > max) {
                return null;
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private ProblemException tooLarge() {
        return new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, "A report may be at most " + maxBytes + " bytes.")
                .with("maxBytes", maxBytes);
    }

    private static ResponseEntity<ProblemDetail> rateLimited(HttpServletRequest request, Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        ProblemDetail body = Problems.of(
                ProblemType.RATE_LIMITED,
                "Too many reports from this address; retry after " + seconds + " seconds.",
                request);
        body.setProperty("retryAfterSeconds", seconds);
        return ResponseEntity.status(ProblemType.RATE_LIMITED.status())
                .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(body);
    }
}
