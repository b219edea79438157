package dev.pinwheel.delivery.web;

import dev.pinwheel.delivery.DeliveryProperties;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;

/**
 * The dedicated delivery listener on {@code pinwheel.delivery.port}: a small HTTP/1.1 server
 * (Netty, epoll where available) that serves only {@code GET|HEAD /v1/apps/{appId}/bundle} from
 * the same in-memory cache as the main port, with far less work per request than the servlet
 * container (docs/adr/0013-dedicated-delivery-listener.md). Requests are answered on the I/O
 * threads; nothing on this path blocks.
 *
 * <p>Limits: request line and headers of at most {@value #MAX_HEADER_BYTES} bytes each (as
 * Tomcat's default), no request body, a connection closed after {@code idle-timeout} without a
 * request. Shutdown is graceful: the port stops accepting, every connection is closed once the
 * responses already written have left, within the lifecycle's shutdown timeout. The bound port is
 * published as {@code local.pinwheel.delivery.port} (like {@code local.server.port}).
 */
final class DeliveryListener implements SmartLifecycle {

    static final int MAX_HEADER_BYTES = 8192;
    static final String LOCAL_PORT_PROPERTY = "local.pinwheel.delivery.port";

    private static final Logger log = LoggerFactory.getLogger(DeliveryListener.class);

    private final DeliveryProperties properties;
    private final BundleResponder responder;
    private final ConfigurableEnvironment environment;
    private final ChannelGroup connections = new DefaultChannelGroup("delivery", GlobalEventExecutor.INSTANCE);
    private volatile boolean draining;
    private volatile EventLoopGroup group;
    private volatile Channel server;

    DeliveryListener(DeliveryProperties properties, BundleResponder responder, ConfigurableEnvironment environment) {
        this.properties = properties;
        this.responder = responder;
        this.environment = environment;
    }

    @Override
    public void start() {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channel = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        int threads = properties.ioThreads() > 0
                ? properties.ioThreads()
                : Runtime.getRuntime().availableProcessors();
        EventLoopGroup g = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("delivery-io", true), io);
        long idleMillis = properties.idleTimeout().toMillis();
        HttpDecoderConfig decoding = new HttpDecoderConfig()
                .setMaxInitialLineLength(MAX_HEADER_BYTES)
                .setMaxHeaderSize(MAX_HEADER_BYTES)
                .setMaxChunkSize(MAX_HEADER_BYTES);
        draining = false;
        try {
            server = new ServerBootstrap()
                    .group(g)
                    .channel(channel)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            connections.add(ch);
                            ch.pipeline()
                                    .addLast(
                                            new IdleStateHandler(0, 0, idleMillis, TimeUnit.MILLISECONDS),
                                            new HttpRequestDecoder(decoding),
                                            new DeliveryChannelHandler(responder, () -> draining));
                        }
                    })
                    .bind(bindAddress(properties, environment))
                    .syncUninterruptibly()
                    .channel();
        } catch (RuntimeException e) {
            g.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).awaitUninterruptibly();
            throw new IllegalStateException(
                    "The delivery listener could not bind " + bindAddress(properties, environment), e);
        }
        group = g;
        InetSocketAddress bound = (InetSocketAddress) server.localAddress();
        int port = bound.getPort();
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource("pinwheelDeliveryListener", Map.of(LOCAL_PORT_PROPERTY, port)));
        log.info(
                "Delivery listener serving GET/HEAD /v1/apps/{{appId}}/bundle on {}:{} ({}, {} I/O thread(s))",
                bound.getAddress().getHostAddress(),
                port,
                epoll ? "epoll" : "nio",
                threads);
    }

    @Override
    public void stop() {
        stop(() -> {});
    }

    /** The address the listener is bound to (null when it is not running). */
    InetSocketAddress boundAddress() {
        Channel s = server;
        return s == null ? null : (InetSocketAddress) s.localAddress();
    }

    /**
     * Where the listener binds: {@code pinwheel.delivery.address}, else {@code server.address} (an
     * operator who keeps the main port on one interface keeps the delivery port there too), else
     * every interface.
     */
    static InetSocketAddress bindAddress(DeliveryProperties properties, Environment environment) {
        InetAddress address = properties.address();
        String serverAddress = environment.getProperty("server.address");
        if (address == null && serverAddress != null && !serverAddress.isBlank()) {
            try {
                address = InetAddress.getByName(serverAddress.strip());
            } catch (UnknownHostException e) {
                throw new IllegalStateException("server.address " + serverAddress + " does not resolve", e);
            }
        }
        return address != null
                ? new InetSocketAddress(address, properties.port())
                : new InetSocketAddress(properties.port());
    }

    /**
     * Stops accepting, then closes every connection once what was written to it has left; the
     * callback runs when all are closed (Spring waits for it up to the shutdown phase timeout).
     */
    @Override
    public void stop(Runnable callback) {
        Channel s = server;
        EventLoopGroup g = group;
        if (s == null || g == null) {
            callback.run();
            return;
        }
        draining = true;
        server = null;
        group = null;
        s.close().syncUninterruptibly();
        for (Channel c : connections) {
            // runs between two reads, never in the middle of a response: queued writes leave first
            c.eventLoop()
                    .execute(() -> c.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE));
        }
        connections
                .newCloseFuture()
                .addListener(
                        closed -> g.shutdownGracefully(0, 2, TimeUnit.SECONDS).addListener(done -> {
                            log.info("Delivery listener stopped");
                            callback.run();
                        }));
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /** Stops with the web server's graceful shutdown, before the beans the requests use. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1024;
    }
}
