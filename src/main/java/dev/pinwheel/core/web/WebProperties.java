package dev.pinwheel.core.web;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Web edge settings.
 *
 * @param maxBodySize largest request body accepted; larger bodies get 413 (default 1 MiB)
 */
@Validated
@ConfigurationProperties("pinwheel.web")
public record WebProperties(@NotNull @DefaultValue("1MB") DataSize maxBodySize) {}
