package dev.pinwheel.pins.discovery;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of live discovery and the live check ({@code pinwheel.discovery.*}).
 *
 * @param allowedNetworks CIDR blocks (e.g. {@code 127.0.0.1/32}, {@code 10.0.0.0/8}) that may be
 *                        contacted although they are loopback, private, link-local, CGNAT or
 *                        multicast; empty by default (only public addresses)
 * @param allowedPorts    ports ({@code 443}) and ranges ({@code 8443-8445}) discovery and the live check may
 *                        connect to (default 443); the live-check port is always allowed
 * @param connectTimeout  TCP connect time-out (default 3 s)
 * @param handshakeTimeout time-out of the whole TLS handshake (default 5 s)
 * @param liveCheck       whether publish lint and rotation finish check the key every domain serves
 *                        (default false); a domain's own setting (admin API) overrides it
 * @param liveCheckPort   port the live check connects to unless a domain sets its own (default 443)
 */
@Validated
@ConfigurationProperties("pinwheel.discovery")
public record DiscoveryProperties(
        @DefaultValue List<String> allowedNetworks,
        @DefaultValue("443") List<String> allowedPorts,
        @NotNull @DefaultValue("3s") Duration connectTimeout,
        @NotNull @DefaultValue("5s") Duration handshakeTimeout,
        @DefaultValue("false") boolean liveCheck,
        @Min(1) @Max(65535) @DefaultValue("443") int liveCheckPort) {

    public DiscoveryProperties {
        allowedNetworks = allowedNetworks == null ? List.of() : List.copyOf(allowedNetworks);
        allowedPorts = allowedPorts == null ? List.of("443") : List.copyOf(allowedPorts);
    }
}
