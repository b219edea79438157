package dev.pinwheel.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver on 127.0.0.1 (JDK HttpServer): records every request and answers
 * {@code 500} to the first {@code failFirst} requests, {@code 204} after.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One received request: its headers (lower-case names, first value) and raw body. */
    public record Received(Map<String, String> headers, byte[] body) {}

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft;

    private WebhookReceiver(int failFirst) throws IOException {
        this.failuresLeft = new AtomicInteger(failFirst);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, String> headers = new java.util.TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
            received.add(new Received(headers, body));
            int status = failuresLeft.getAndDecrement() > 0 ? 500 : 204;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    public static WebhookReceiver start(int failFirst) throws IOException {
        return new WebhookReceiver(failFirst);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
