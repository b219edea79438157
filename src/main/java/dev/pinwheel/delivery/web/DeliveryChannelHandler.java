package dev.pinwheel.delivery.web;

import dev.pinwheel.core.ProblemType;
import dev.pinwheel.core.RequestIds;
import dev.pinwheel.delivery.DeliveryMetrics;
import dev.pinwheel.delivery.ServedBundle;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * One connection of the delivery listener: answers each decoded request at once, on its I/O
 * thread, in the order received (pipelined requests too), and flushes once per batch of reads.
 * Only {@code GET|HEAD /v1/apps/{appId}/bundle} is served; the behaviour is the valve's on the
 * main port ({@link BundleDeliveryValve}), adoption and request counting included, and every
 * other request gets the problem the main port would give: 404 for other paths and apps without
 * a bundle, 405 with {@code Allow} for other methods. What the main port would reject before
 * routing (a malformed or oversized request line or header) gets a 400 problem and the connection
 * is closed, as does a request with a body (413: the endpoint takes none).
 */
// Netty's writes and closes complete on the event loop; a failed write reaches exceptionCaught,
// which closes the connection, so the returned futures carry nothing to act on.
@SuppressWarnings("FutureReturnValueIgnored")
final class DeliveryChannelHandler extends ChannelInboundHandlerAdapter {

    private static final String ALLOW = "GET, HEAD";

    private final BundleResponder responder;
    private final BooleanSupplier draining;
    private final byte[] requestId = new byte[RequestIds.LENGTH];
    private boolean pendingFlush;
    private boolean closing;

    DeliveryChannelHandler(BundleResponder responder, BooleanSupplier draining) {
        this.responder = responder;
        this.draining = draining;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpRequest request && !closing) {
                respond(ctx, request);
            }
            // HttpContent: a request body is refused in respond(); its pieces are dropped here
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (pendingFlush) {
            pendingFlush = false;
            ctx.flush();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            ctx.close(); // idle timeout: no request for pinwheel.delivery.idle-timeout
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // a reset connection or a failed write: nothing to answer
    }

    private void respond(ChannelHandlerContext ctx, HttpRequest request) {
        HttpHeaders headers = request.headers();
        String givenId = headers.get(RequestIds.HEADER);
        String id = givenId == null ? null : RequestIds.of(givenId);
        if (request.decoderResult().isFailure()) {
            problem(ctx, ProblemType.VALIDATION, null, null, id, null, true);
            return;
        }
        String uri = request.uri();
        int query = uri.indexOf('?');
        String path = query < 0 ? uri : uri.substring(0, query);
        String appId = BundleHeaders.appIdOf(path);
        if (appId == null) {
            problem(
                    ctx,
                    ProblemType.NOT_FOUND,
                    "No resource at " + resourcePath(path) + ".",
                    path,
                    id,
                    null,
                    !HttpUtil.isKeepAlive(request));
            return;
        }
        HttpMethod method = request.method();
        boolean head = HttpMethod.HEAD.equals(method);
        if (!head && !HttpMethod.GET.equals(method)) {
            problem(
                    ctx,
                    ProblemType.METHOD_NOT_ALLOWED,
                    "Method " + method.name() + " is not supported here.",
                    path,
                    id,
                    ALLOW,
                    true); // the body, if any, is not read
            return;
        }
        if (HttpUtil.getContentLength(request, 0L) > 0 || HttpUtil.isTransferEncodingChunked(request)) {
            problem(
                    ctx,
                    ProblemType.PAYLOAD_TOO_LARGE,
                    "The bundle endpoint takes no request body.",
                    path,
                    id,
                    null,
                    true);
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request) && !draining.getAsBoolean();
        ServedBundle b = responder.served(appId);
        if (b == null) {
            responder.metrics().notFound();
            problem(
                    ctx,
                    ProblemType.NOT_FOUND,
                    "No bundle is served for this app: none was published, or the app " + "was deleted.",
                    path,
                    id,
                    null,
                    !keepAlive);
            return;
        }
        DeliveryMetrics.AppCounters counters = responder.metrics().forApp(appId);
        String ifNoneMatch = headers.get(HttpHeaderNames.IF_NONE_MATCH);
        counters.polls().count(ifNoneMatch);
        boolean notModified = ifNoneMatch != null && (ifNoneMatch.equals(b.etag()) || b.matches(ifNoneMatch));
        (notModified ? counters.notModified() : counters.ok()).increment();

        BundleResponder.Template t = responder.template(appId, b);
        int length = notModified ? t.length304 : t.rest.length;
        ByteBuf out = ctx.alloc().buffer(96 + length);
        out.writeBytes(BundleResponder.statusLine(notModified));
        if (id == null) {
            RequestIds.writeNext(requestId, 0);
            out.writeBytes(requestId);
        } else {
            out.writeCharSequence(id, StandardCharsets.US_ASCII);
        }
        int restAt = out.writerIndex();
        out.writeBytes(t.rest, 0, length);
        out.setBytes(restAt + t.dateAt, BundleHeaders.currentDate());
        if (!keepAlive) {
            out.writeBytes(BundleResponder.CONNECTION_CLOSE);
        } else if (HttpVersion.HTTP_1_0.equals(request.protocolVersion())) {
            out.writeBytes(BundleResponder.CONNECTION_KEEP_ALIVE);
        }
        out.writeBytes(BundleResponder.CRLF);
        ctx.write(out, ctx.voidPromise());
        if (!notModified && !head) {
            ctx.write(t.body(), ctx.voidPromise());
        }
        finish(ctx, keepAlive);
    }

    /** The path as the main port names it in a 404: without the leading and a trailing slash. */
    private static String resourcePath(String path) {
        int start = path.startsWith("/") ? 1 : 0;
        int end = path.length() > start && path.endsWith("/") ? path.length() - 1 : path.length();
        return path.substring(start, Math.max(start, end));
    }

    private void problem(
            ChannelHandlerContext ctx,
            ProblemType type,
            String detail,
            String instance,
            String id,
            String allow,
            boolean close) {
        boolean closeNow = close || draining.getAsBoolean();
        ctx.write(
                responder.problem(
                        ctx.alloc(), type, detail, instance, id != null ? id : RequestIds.next(), allow, closeNow),
                ctx.voidPromise());
        finish(ctx, !closeNow);
    }

    private void finish(ChannelHandlerContext ctx, boolean keepAlive) {
        if (keepAlive) {
            pendingFlush = true;
        } else {
            closing = true; // later pipelined requests on this connection are not answered
            pendingFlush = false;
            ctx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
