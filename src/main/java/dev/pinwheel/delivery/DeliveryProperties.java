package dev.pinwheel.delivery;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.InetAddress;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Delivery settings.
 *
 * @param syncInterval           how often the cache compares itself with the database (the fallback
 *                               when a notification is missed, and the only path on H2); also the pause
 *                               before the sync retries after a failure
 * @param listen                 use PostgreSQL LISTEN/NOTIFY to pick up publishes of other replicas at once
 *                               (checked every 100 ms, {@link BundleSync})
 * @param adoptionFlushInterval  how often this replica writes the polls it counted (by held bundle) to
 *                               the database; adoption figures lag by at most this much
 * @param adoptionBucket         the time granularity of the stored counts (each replica adds to one row per
 *                               app, held bundle and bucket)
 * @param adoptionRetention      how long stored counts are kept
 * @param replicaId              the name of this replica's rows (null: a random one per start)
 * @param port                   the port of the dedicated delivery listener, which serves only
 *                               {@code GET|HEAD /v1/apps/{appId}/bundle} (null: no listener; the main
 *                               port serves the endpoint either way); 0 takes a free port
 * @param address                the address the delivery listener binds (null: {@code server.address}
 *                               when that is set, else every interface, as the main port)
 * @param ioThreads              the delivery listener's I/O threads (0: one per CPU core)
 * @param idleTimeout            how long the delivery listener keeps a connection without a request
 */
@Validated
@ConfigurationProperties("pinwheel.delivery")
public record DeliveryProperties(
        @DefaultValue("2s") @NotNull Duration syncInterval,
        @DefaultValue("true") boolean listen,
        @DefaultValue("10s") @NotNull Duration adoptionFlushInterval,
        @DefaultValue("1m") @NotNull Duration adoptionBucket,
        @DefaultValue("30d") @NotNull Duration adoptionRetention,

        @Pattern(regexp = "[A-Za-z0-9._-]{1,64}", message = "1-64 letters, digits, '.', '_' or '-'")
        String replicaId,

        @Min(0) @Max(65535) Integer port,
        InetAddress address,
        @DefaultValue("0") @Min(0) @Max(256) int ioThreads,
        @DefaultValue("60s") @NotNull Duration idleTimeout) {

    public DeliveryProperties {
        if (adoptionBucket != null && (adoptionBucket.isNegative() || adoptionBucket.toMillis() < 1000)) {
            throw new IllegalArgumentException("pinwheel.delivery.adoption-bucket must be at least 1s");
        }
    }
}
