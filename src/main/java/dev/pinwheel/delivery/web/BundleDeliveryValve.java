package dev.pinwheel.delivery.web;

import dev.pinwheel.core.RequestIds;
import dev.pinwheel.delivery.BundleCache;
import dev.pinwheel.delivery.DeliveryMetrics;
import dev.pinwheel.delivery.ServedBundle;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.tomcat.util.buf.MessageBytes;
import org.apache.tomcat.util.http.MimeHeaders;

/**
 * The hot path of {@code GET|HEAD /v1/apps/{appId}/bundle}: when the app has a bundle in memory,
 * the response is made here, in a Tomcat valve of the application's context, before the servlet
 * filter chain is even built — no security filter chain, Spring MVC dispatch or request
 * observation; the endpoint is public and serves pre-computed bytes, so none of them has anything
 * to add. Every header name and value is written as pre-encoded bytes (a template per bundle, the
 * date once per second, the request id straight into the copy), so Tomcat copies them instead of
 * encoding strings;
 * the usual {@code If-None-Match} (the newest ETag, as the client received it) is compared as
 * bytes; the body goes to the connection in one write. Every poll is counted by the bundle the
 * client holds (adoption) without a string or a lock on the common path.
 *
 * <p>The response is the same as the ordinary chain's ({@link BundleDeliveryController}): status,
 * {@code ETag}, {@code Cache-Control}, {@code Last-Modified}, {@code Content-Type},
 * {@code Content-Length}, {@code X-Request-Id} and the security headers the security filter chain
 * adds. Everything else goes on unchanged to the ordinary chain: other methods, an app without a
 * bundle (404 problem), and any path that is not plainly {@code /v1/apps/<id>/bundle} (encoded
 * characters, path parameters, extra segments), so the firewall and routing rules still apply.
 */
final class BundleDeliveryValve extends ValveBase {

    private final BundleCache cache;
    private final DeliveryMetrics metrics;
    private final ConcurrentMap<String, HeaderTemplate> templates = new ConcurrentHashMap<>();

    BundleDeliveryValve(BundleCache cache, DeliveryMetrics metrics) {
        super(true);
        this.cache = cache;
        this.metrics = metrics;
    }

    @Override
    @SuppressWarnings("ReferenceEquality") // a header template belongs to one served bundle object: identity is meant
    public void invoke(Request request, Response response) throws IOException, ServletException {
        org.apache.coyote.Request in = request.getCoyoteRequest();
        MessageBytes method = in.method();
        boolean head = method.equals("HEAD");
        ServedBundle b = null;
        String appId = null;
        if (head || method.equals("GET")) {
            appId = BundleHeaders.appIdOf(request.getRequestURI());
            b = appId == null ? null : cache.served(appId);
        }
        if (b == null) {
            if (appId != null) {
                templates.remove(appId); // a deleted app's headers do not stay behind
            }
            getNext().invoke(request, response);
            return;
        }
        DeliveryMetrics.AppCounters counters = metrics.forApp(appId);
        MimeHeaders requestHeaders = in.getMimeHeaders();
        MessageBytes ifNoneMatch = requestHeaders.getValue("if-none-match");
        boolean notModified;
        if (ifNoneMatch == null) {
            counters.polls().count(null);
            notModified = false;
        } else if (ifNoneMatch.equals(b.etag())) { // byte comparison, no string made
            counters.polls().count(b.etag());
            notModified = true;
        } else {
            String value = ifNoneMatch.toString();
            counters.polls().count(value);
            notModified = b.matches(value);
        }

        HeaderTemplate template = templates.get(appId);
        if (template == null || template.bundle != b) {
            template = new HeaderTemplate(b);
            templates.put(appId, template);
        }
        org.apache.coyote.Response out = response.getCoyoteResponse();
        MessageBytes givenId = requestHeaders.getValue("x-request-id");
        byte[] date = BundleHeaders.currentDate();
        template.addTo(
                out.getMimeHeaders(), !notModified, date, givenId == null ? null : RequestIds.of(givenId.toString()));
        if (notModified) {
            out.setStatus(304);
            counters.notModified().increment();
            return;
        }
        out.setStatus(200);
        counters.ok().increment();
        out.setContentLength(b.body().length);
        if (!head) {
            out.doWrite(ByteBuffer.wrap(b.body())); // commits: headers and body leave together
        }
    }

    /**
     * Every response header name and value of one bundle, encoded once, in one array with room
     * for the request id and the date. Each response gets its own copy (one small array copy):
     * Tomcat keeps the arrays it is given in its recycled header objects and may later write other
     * headers into them, so a shared array would be overwritten.
     */
    static final class HeaderTemplate {

        final ServedBundle bundle;
        private final byte[] bytes;
        // [name offset, name length, value offset, value length] of each header, in order
        private final int[] spans;
        private final int headerCount304;
        private final int requestIdAt;
        private final int dateAt;

        HeaderTemplate(ServedBundle b) {
            this.bundle = b;
            StringBuilder text = new StringBuilder();
            String[][] headers = BundleHeaders.of(b);
            int[] s = new int[4 * headers.length];
            int n = 0;
            int requestId = -1;
            int dateOffset = -1;
            for (int i = 0; i < headers.length; i++) {
                String[] h = headers[i];
                s[n++] = text.length();
                s[n++] = h[0].length();
                text.append(h[0]);
                s[n++] = text.length();
                s[n++] = h[1].length();
                if (i == BundleHeaders.REQUEST_ID) {
                    requestId = text.length();
                } else if (i == BundleHeaders.DATE) {
                    dateOffset = text.length();
                }
                text.append(h[1]);
            }
            this.bytes = text.toString().getBytes(StandardCharsets.US_ASCII);
            this.spans = s;
            this.headerCount304 = headers.length - 1;
            this.requestIdAt = requestId;
            this.dateAt = dateOffset;
        }

        /**
         * Adds the headers (with Content-Type when {@code withBody}); {@code givenRequestId} is a
         * caller's sane id to echo, or null for a new one.
         */
        void addTo(MimeHeaders headers, boolean withBody, byte[] date, String givenRequestId) {
            byte[] buf = bytes.clone();
            RequestIds.writeNext(buf, requestIdAt);
            System.arraycopy(date, 0, buf, dateAt, BundleHeaders.DATE_LENGTH);
            int count = withBody ? headerCount304 + 1 : headerCount304;
            for (int i = 0; i < count; i++) {
                int o = 4 * i;
                MessageBytes value = headers.addValue(buf, spans[o], spans[o + 1]);
                if (i == BundleHeaders.REQUEST_ID && givenRequestId != null) {
                    value.setString(givenRequestId);
                } else {
                    value.setBytes(buf, spans[o + 2], spans[o + 3]);
                }
            }
        }
    }
}
