package dev.pinwheel.delivery;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.TestPropertySource;

/**
 * Every case of {@link BundleEndpointHeadersTests}, polled on the dedicated delivery listener
 * ({@code pinwheel.delivery.port}) instead of the main port: a client sees the same answers.
 */
@TestPropertySource(properties = "pinwheel.delivery.port=0")
class DeliveryListenerHeadersTests extends BundleEndpointHeadersTests {

    @Value("${local.pinwheel.delivery.port}")
    int deliveryPort;

    @Override
    int clientPort() {
        return deliveryPort;
    }
}
