package dev.pinwheel.core.web;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the service tells one client from another ({@code pinwheel.client-address.*}).
 *
 * @param trustedProxies     addresses or CIDR blocks (e.g. {@code 10.0.0.0/8}, {@code ::1}) of reverse
 *                           proxies whose {@code Forwarded} / {@code X-Forwarded-For} headers are believed;
 *                           empty (the default): those headers are ignored and the peer address counts
 * @param ipv6PrefixLength   IPv6 clients are counted per network of this prefix length (default 64:
 *                           one host usually holds a whole /64, so counting per address lets it dodge limits)
 */
@Validated
@ConfigurationProperties("pinwheel.client-address")
public record ClientAddressProperties(
        @NotNull @DefaultValue List<String> trustedProxies,
        @Min(1) @Max(128) @DefaultValue("64") int ipv6PrefixLength) {}
