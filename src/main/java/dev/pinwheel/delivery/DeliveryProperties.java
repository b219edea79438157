package dev.pinwheel.delivery;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Delivery settings.
 *
 * @param syncInterval how often the cache compares itself with the database (the fallback when a
 *                     notification is missed, and the only path on H2)
 * @param listen       use PostgreSQL LISTEN/NOTIFY to pick up publishes of other replicas at once
 */
@Validated
@ConfigurationProperties("pinwheel.delivery")
public record DeliveryProperties(@DefaultValue("2s") @NotNull Duration syncInterval,
        @DefaultValue("true") boolean listen) {
}
