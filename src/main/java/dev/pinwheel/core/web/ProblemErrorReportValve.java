package dev.pinwheel.core.web;

import dev.pinwheel.core.ProblemType;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's error report, as problem+json instead of Tomcat's HTML page. It answers what never
 * reaches Spring: requests Tomcat itself rejects before routing (an encoded slash {@code %2F}, a
 * malformed request line or header, an invalid URI). Errors of requests that reach the
 * application are answered by {@code ProblemErrorController} and are left alone here. The body
 * names only the status: never the request, an exception or the server version.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    public ProblemErrorReportValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    /**
     * The problem+json body of a request rejected before routing (a malformed request line, header
     * or URI), for every listener that parses HTTP itself. Names only the status.
     */
    public static String rejectedBody(int status) {
        ProblemType type = ProblemType.forStatus(status);
        return "{\"type\":\"" + type.uri() + "\",\"title\":\"" + type.title() + "\",\"status\":" + status
                + ",\"detail\":\"The server rejected the request before routing it (HTTP " + status
                + "): a malformed request line, header or URI, such as an encoded slash.\"}";
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String body = rejectedBody(status);
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the connection is gone or the response was committed meanwhile: nothing more to say
        }
    }
}
