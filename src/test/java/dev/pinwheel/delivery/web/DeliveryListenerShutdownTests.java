package dev.pinwheel.delivery.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pinwheel.support.BundleFixtures;
import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Graceful shutdown of the delivery listener: responses already asked for are delivered whole,
 * then every connection is closed and the port refuses new ones.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"PINWHEEL_BOOTSTRAP_TOKEN=test-admin-secret", "pinwheel.delivery.port=0"})
@DirtiesContext
class DeliveryListenerShutdownTests {

    @LocalServerPort
    int port;

    @Value("${local.pinwheel.delivery.port}")
    int deliveryPort;

    @Autowired
    DeliveryListener listener;

    @Test
    void drainsItsConnectionsAndStopsAccepting() throws Exception {
        BundleFixtures admin = new BundleFixtures(port, "test-admin-secret");
        String appId = admin.appWithDomains(1).id();
        admin.publishOk(appId);
        String path = "/v1/apps/" + appId + "/bundle";
        try (RawHttp idle = new RawHttp(deliveryPort);
                RawHttp busy = new RawHttp(deliveryPort)) {
            idle.send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(idle.read().status()).isEqualTo(200);
            // several requests in flight on one connection while the listener stops
            String request = "GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n";
            busy.send(request.repeat(20));
            assertThat(busy.read().status()).isEqualTo(200); // the listener is at work on them
            CountDownLatch stopped = new CountDownLatch(1);
            listener.stop(stopped::countDown);

            int answered = 1;
            while (answered < 20) {
                RawHttp.Response r;
                try {
                    r = busy.read();
                } catch (IOException closedBetweenResponses) {
                    break; // closed after a whole response, never in the middle of one (read() would fail on a short
                    // body)
                }
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.body()).hasSize(Integer.parseInt(r.header("Content-Length")));
                answered++;
            }
            assertThat(idle.closedByServer()).isTrue();
            assertThat(stopped.await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(listener.isRunning()).isFalse();
        }
        assertThatThrownBy(() -> new RawHttp(deliveryPort).close()).isInstanceOf(ConnectException.class);
    }
}
