package dev.pinwheel.support.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.pinwheel.support.TestHttp;
import dev.pinwheel.support.Tokens;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The contract filter sees MockMvc and real-server exchanges, including error-page responses. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "PINWHEEL_BOOTSTRAP_TOKEN=" + Tokens.ADMIN)
@AutoConfigureMockMvc
@Import(ContractFilterWiringTests.Undescribed.class)
class ContractFilterWiringTests {

    @TestConfiguration
    @RestController
    static class Undescribed {
        @GetMapping("/contract-self-test")
        Map<String, String> hello() {
            return Map.of("hello", "world");
        }
    }

    @Autowired
    MockMvc mvc;

    @LocalServerPort
    int port;

    @Test
    void recordsMockMvcResponseOfUndescribedPath() throws Exception {
        ContractViolations.drain();
        mvc.perform(get("/contract-self-test")).andExpect(status().isOk());
        assertThat(ContractViolations.drain())
                .singleElement()
                .asString()
                .isEqualTo("GET /contract-self-test -> 200: path is not described in openapi.yaml (an undescribed"
                        + " path may only answer a problem with one of [400, 401, 403, 404, 405, 406, 413, 415])");
    }

    @Test
    void recordsRealServerResponseOfUndescribedPath() throws Exception {
        ContractViolations.drain();
        HttpResponse<String> response =
                new TestHttp(port, null).send(HttpRequest.newBuilder(URI.create(base() + "/contract-self-test")));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("world");
        assertThat(ContractViolations.drain())
                .singleElement()
                .asString()
                .startsWith("GET /contract-self-test -> 200: path is not described");
    }

    @Test
    void firewallRejectionIsAProblemFromTheErrorPage() throws Exception {
        ContractViolations.drain();
        HttpResponse<String> response =
                new TestHttp(port, null).send(HttpRequest.newBuilder(URI.create(base() + "/admin/v1/tokens;x=y")));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(response.body())
                .contains("\"status\":400")
                .doesNotContain("Exception")
                .doesNotContain("at dev.");
        assertThat(ContractViolations.drain()).isEmpty();
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }
}
