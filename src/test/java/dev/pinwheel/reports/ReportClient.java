package dev.pinwheel.reports;

import dev.pinwheel.support.TcpProxy;
import dev.pinwheel.support.TestHttp;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Posts reports as a client would, from its own loopback address (127.x.y.z), so that every
 * client gets its own rate-limit bucket and tests can share one application context. Java 17's
 * HttpClient cannot choose its local address, so {@link TestHttp} sends through a {@link TcpProxy}
 * that connects to the service from that address. Close it to stop the proxy.
 */
final class ReportClient implements AutoCloseable {

    private final TcpProxy from;
    private final TestHttp http;

    ReportClient(int port) throws IOException {
        this(port, randomLoopback());
    }

    /** A client whose connections come from {@code local} (a loopback address). */
    ReportClient(int port, InetAddress local) throws IOException {
        this.from = new TcpProxy("127.0.0.1", port, local);
        this.http = new TestHttp("http://127.0.0.1:" + from.port(), null);
    }

    static InetAddress randomLoopback() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        try {
            return InetAddress.getByAddress(
                    new byte[] {127, (byte) r.nextInt(1, 255), (byte) r.nextInt(1, 255), (byte) r.nextInt(2, 255)});
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Posts {@code body} with extra request headers (e.g. {@code X-Forwarded-For}); as {@code
     * application/json} unless they name another {@code Content-Type}.
     */
    HttpResponse<String> post(String appId, byte[] body, Map<String, String> headers) {
        String[] pairs = headers.entrySet().stream()
                .flatMap(e -> Stream.of(e.getKey(), e.getValue()))
                .toArray(String[]::new);
        return http.exchange("POST", path(appId), body, pairs);
    }

    HttpResponse<String> post(String appId, byte[] body) {
        return post(appId, body, Map.of());
    }

    /** Sends the body chunked, without a Content-Length. */
    HttpResponse<String> postStreamed(String appId, byte[] body) {
        return http.send(HttpRequest.newBuilder(URI.create(http.base() + path(appId)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
    }

    private static String path(String appId) {
        return "/v1/apps/" + appId + "/reports";
    }

    @Override
    public void close() throws IOException {
        from.close();
    }
}
