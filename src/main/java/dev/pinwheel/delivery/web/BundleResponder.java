package dev.pinwheel.delivery.web;

import dev.pinwheel.core.ProblemType;
import dev.pinwheel.core.RequestIds;
import dev.pinwheel.core.web.ProblemErrorReportValve;
import dev.pinwheel.core.web.Problems;
import dev.pinwheel.delivery.BundleCache;
import dev.pinwheel.delivery.DeliveryMetrics;
import dev.pinwheel.delivery.ServedBundle;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import tools.jackson.databind.json.JsonMapper;

/**
 * The answers of the delivery listener, shared by all its connections: a bundle response from
 * pre-encoded bytes (the headers of {@link BundleHeaders}, the same as the valve's on the main
 * port), or a problem with the body the main port gives for the same request. Thread-safe; the
 * per-connection state lives in {@link DeliveryChannelHandler}.
 */
final class BundleResponder {

    static final byte[] CRLF = {'\r', '\n'};
    static final byte[] CONNECTION_CLOSE = ascii("Connection: close\r\n");
    static final byte[] CONNECTION_KEEP_ALIVE = ascii("Connection: keep-alive\r\n");
    private static final byte[] STATUS_200 = ascii("HTTP/1.1 200 OK\r\n" + RequestIds.HEADER + ": ");
    private static final byte[] STATUS_304 = ascii("HTTP/1.1 304 Not Modified\r\n" + RequestIds.HEADER + ": ");

    private final BundleCache cache;
    private final DeliveryMetrics metrics;
    private final JsonMapper json;
    private final ConcurrentMap<String, Template> templates = new ConcurrentHashMap<>();

    BundleResponder(BundleCache cache, DeliveryMetrics metrics, JsonMapper json) {
        this.cache = cache;
        this.metrics = metrics;
        // problem bodies as the main port writes them: extensions (requestId) at the top level
        this.json = json.rebuild()
                .addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class)
                .build();
    }

    /** The served bundle of an app, or null (its header template, if any, is dropped then). */
    ServedBundle served(String appId) {
        ServedBundle b = cache.served(appId);
        if (b == null) {
            templates.remove(appId); // a deleted app's headers do not stay behind
        }
        return b;
    }

    DeliveryMetrics metrics() {
        return metrics;
    }

    /** The pre-encoded headers and body of a bundle (made on its first request). */
    // identity on purpose: a republished bundle is a new ServedBundle object, and the template of
    // the old one must not be served for it even if the two were equal
    @SuppressWarnings("ReferenceEquality")
    Template template(String appId, ServedBundle b) {
        Template t = templates.get(appId);
        if (t == null || t.bundle != b) {
            t = new Template(b);
            templates.put(appId, t);
        }
        return t;
    }

    /** The status line and the request id header up to its value, for a 200 or a 304. */
    static byte[] statusLine(boolean notModified) {
        return notModified ? STATUS_304 : STATUS_200;
    }

    /**
     * A whole problem response (headers and body), or the body of a request rejected before
     * routing when {@code instance} is null. {@code allow} is the {@code Allow} value of a 405.
     */
    ByteBuf problem(
            ByteBufAllocator alloc,
            ProblemType type,
            String detail,
            String instance,
            String requestId,
            String allow,
            boolean close) {
        byte[] body;
        if (instance == null) {
            body = ProblemErrorReportValve.rejectedBody(type.status().value()).getBytes(StandardCharsets.UTF_8);
        } else {
            ProblemDetail pd = Problems.of(type, detail);
            pd.setInstance(URI.create(instance));
            pd.setProperty("requestId", requestId);
            body = json.writeValueAsBytes(pd);
        }
        StringBuilder h = new StringBuilder(320)
                .append("HTTP/1.1 ")
                .append(type.status().value())
                .append(' ')
                .append(type.status().getReasonPhrase())
                .append("\r\n")
                .append(RequestIds.HEADER)
                .append(": ")
                .append(requestId)
                .append("\r\n");
        if (allow != null) {
            h.append("Allow: ").append(allow).append("\r\n");
        }
        for (String[] security : BundleHeaders.SECURITY) {
            h.append(security[0]).append(": ").append(security[1]).append("\r\n");
        }
        h.append("Content-Type: application/problem+json\r\n")
                .append("Content-Length: ")
                .append(body.length)
                .append("\r\n")
                .append("Date: ")
                .append(new String(BundleHeaders.currentDate(), StandardCharsets.US_ASCII))
                .append("\r\n");
        if (close) {
            h.append("Connection: close\r\n");
        }
        h.append("\r\n");
        ByteBuf out = alloc.buffer(h.length() + body.length);
        out.writeCharSequence(h, StandardCharsets.US_ASCII);
        out.writeBytes(body);
        return out;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The bytes of one bundle's responses: after the status line and the request id, {@link #rest}
     * holds every other header (its first {@link #length304} bytes are a 304's, all of it a 200's,
     * with {@code Content-Type} and {@code Content-Length}), each line ending in CRLF, with a slot
     * for the date; {@link #body} the JWS bytes, off-heap, written to sockets without a copy.
     */
    static final class Template {

        final ServedBundle bundle;
        final byte[] rest;
        final int length304;
        final int dateAt;
        private final ByteBuf body;

        Template(ServedBundle b) {
            this.bundle = b;
            String[][] headers = BundleHeaders.of(b);
            StringBuilder text = new StringBuilder("\r\n"); // ends the request id line
            int date = -1;
            for (int i = 1; i < headers.length - 1; i++) {
                text.append(headers[i][0]).append(": ");
                if (i == BundleHeaders.DATE) {
                    date = text.length();
                }
                text.append(headers[i][1]).append("\r\n");
            }
            this.length304 = text.length();
            String[] contentType = headers[headers.length - 1];
            text.append(contentType[0])
                    .append(": ")
                    .append(contentType[1])
                    .append("\r\n")
                    .append("Content-Length: ")
                    .append(b.body().length)
                    .append("\r\n");
            this.rest = ascii(text.toString());
            this.dateAt = date;
            ByteBuffer direct =
                    ByteBuffer.allocateDirect(b.body().length).put(b.body()).flip();
            // freed with the template by the garbage collector; never released through Netty
            this.body = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(direct));
        }

        /** The body, with its own read position (the buffer is shared by every connection). */
        ByteBuf body() {
            return body.duplicate();
        }
    }
}
