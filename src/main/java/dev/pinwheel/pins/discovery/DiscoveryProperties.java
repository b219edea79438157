package dev.pinwheel.pins.discovery;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of live discovery and the live check ({@code pinwheel.discovery.*}).
 *
 * @param allowedNetworks CIDR blocks (e.g. {@code 127.0.0.1/32}, {@code 10.0.0.0/8}) that may be
 *                        contacted although they are loopback, private, link-local, CGNAT or
 *                        multicast; empty by default (only public addresses)
 * @param connectTimeout  TCP connect time-out (default 3 s)
 * @param handshakeTimeout time-out of the whole TLS handshake (default 5 s)
 * @param liveCheck       whether publish lint and rotation finish check every domain's served key
 *                        (default false: only the {@code liveCheckHosts})
 * @param liveCheckPort   port the live check connects to (default 443)
 * @param liveCheckHosts  hosts checked live even when {@code liveCheck} is off, as {@code host} or
 *                        {@code host:port} (the port overrides {@code liveCheckPort} for that host)
 */
@Validated
@ConfigurationProperties("pinwheel.discovery")
public record DiscoveryProperties(
        @DefaultValue List<String> allowedNetworks,
        @NotNull @DefaultValue("3s") Duration connectTimeout,
        @NotNull @DefaultValue("5s") Duration handshakeTimeout,
        @DefaultValue("false") boolean liveCheck,
        @Min(1) @Max(65535) @DefaultValue("443") int liveCheckPort,
        @DefaultValue List<String> liveCheckHosts) {

    public DiscoveryProperties {
        allowedNetworks = allowedNetworks == null ? List.of() : List.copyOf(allowedNetworks);
        liveCheckHosts = liveCheckHosts == null ? List.of() : List.copyOf(liveCheckHosts);
    }
}
