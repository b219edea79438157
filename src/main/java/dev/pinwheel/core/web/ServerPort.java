package dev.pinwheel.core.web;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * The port this service answers on: the web server's actual port once it has started (so that
 * {@code server.port=0} gives the one chosen), before that the configured {@code server.port}
 * (Spring Boot's {@link ServerProperties}), else 8080. A separate management server's port is never it.
 */
@Component
public class ServerPort implements ApplicationListener<WebServerInitializedEvent> {

    private static final int DEFAULT = 8080;

    private final int configured;
    private volatile int served;

    ServerPort(ObjectProvider<ServerProperties> server) {
        ServerProperties properties = server.getIfAvailable();
        Integer port = properties == null ? null : properties.getPort();
        this.configured = port == null || port <= 0 ? DEFAULT : port;
    }

    /** The port; never 0. */
    public int value() {
        int s = served;
        return s > 0 ? s : configured;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() == null) {
            served = event.getWebServer().getPort();
        }
    }
}
