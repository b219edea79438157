package dev.pinwheel.core.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pinwheel.support.PinwheelTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Requests Tomcat rejects before any Spring code runs (encoded slash, malformed request line or
 * URI) get a problem+json body like every other error, never Tomcat's HTML page with its version.
 * Sent byte for byte over a raw socket, because HTTP clients refuse to send them.
 */
@PinwheelTest
class TomcatRejectionTests {

    @LocalServerPort
    int port;

    @ParameterizedTest
    @ValueSource(
            strings = {
                "GET /v1/apps/a%2Fb/bundle HTTP/1.1",
                "GET /admin/v1/apps/%2e%2e%2F%2e%2e/tokens HTTP/1.1",
                "GET /v1/apps/a\u0001b/bundle HTTP/1.1",
                "GET /v1/apps/{x}/bundle HTTP/1.1",
                "GET /v1/apps/%zz/bundle HTTP/1.1",
                "GET /admin/v1/apps?x=1 HTTP/1.1 garbage",
                "GET /a\\b HTTP/1.1"
            })
    void malformedRequestsTomcatRejectsGetProblemJsonNotTomcatsHtmlPage(String requestLine) throws IOException {
        String response = send(requestLine + "\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        String head = response.substring(0, Math.max(0, response.indexOf("\r\n\r\n")));
        String body = response.substring(response.indexOf("\r\n\r\n") + 4);

        assertThat(head).as(response).matches("(?s)HTTP/1\\.1 4\\d\\d.*");
        assertThat(head.toLowerCase()).as(response).contains("content-type: application/problem+json");
        assertThat(body)
                .as(response)
                .contains("\"type\":\"https://pinwheel.dev/problems/")
                .contains("\"status\":4")
                .contains("\"detail\":")
                .doesNotContainIgnoringCase("<html")
                .doesNotContainIgnoringCase("tomcat");
    }

    private String send(String raw) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            s.getInputStream().transferTo(all);
            return all.toString(StandardCharsets.UTF_8);
        }
    }
}
