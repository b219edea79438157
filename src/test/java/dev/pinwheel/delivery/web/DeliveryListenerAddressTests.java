package dev.pinwheel.delivery.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pinwheel.delivery.DeliveryProperties;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.mock.env.MockEnvironment;

/** Where the delivery listener binds, decided without binding anything. */
class DeliveryListenerAddressTests {

    static DeliveryProperties bind(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("pinwheel.delivery.port", "8081");
        return new Binder(new MapConfigurationPropertySource(all))
                .bindOrCreate("pinwheel.delivery", DeliveryProperties.class);
    }

    @Test
    void everyInterfaceWhenNeitherAddressIsSet() {
        var address = DeliveryListener.bindAddress(bind(Map.of()), new MockEnvironment());
        assertThat(address.getAddress().isAnyLocalAddress()).isTrue();
        assertThat(address.getPort()).isEqualTo(8081);
    }

    @Test
    void followsTheMainPortsServerAddress() {
        var address = DeliveryListener.bindAddress(
                bind(Map.of()), new MockEnvironment().withProperty("server.address", "127.0.0.2"));
        assertThat(address.getAddress().getHostAddress()).isEqualTo("127.0.0.2");
    }

    @Test
    void itsOwnAddressWinsOverTheServerAddress() {
        var address = DeliveryListener.bindAddress(
                bind(Map.of("pinwheel.delivery.address", "::1")),
                new MockEnvironment().withProperty("server.address", "127.0.0.2"));
        assertThat(address.getAddress().isLoopbackAddress()).isTrue();
        assertThat(address.getAddress().getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
        assertThat(address.getPort()).isEqualTo(8081);
    }
}
