package dev.pinwheel.core.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.pinwheel.support.PinwheelTest;
import dev.pinwheel.support.TestHttp;
import dev.pinwheel.support.Tokens;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/** Every kind of error is an RFC 9457 problem+json body, and never shows a stack trace. */
@PinwheelTest
class ProblemResponseTests {

    static final String ADMIN = Tokens.ADMIN_BEARER;
    static final int MIB = 1024 * 1024;

    @Autowired
    MockMvc mvc;

    @LocalServerPort
    int port;

    @Test
    void unknownAdminPathWithValidTokenIsNotFound() throws Exception {
        problem(mvc.perform(get("/admin/v1/no-such-thing").header("Authorization", ADMIN)), 404, "not-found")
                .andExpect(jsonPath("$.instance").value("/admin/v1/no-such-thing"))
                .andExpect(jsonPath("$.requestId").isNotEmpty());
    }

    @Test
    void unknownAdminPathWithoutTokenIsUnauthorized() throws Exception {
        problem(mvc.perform(get("/admin/v1/no-such-thing")), 401, "unauthorized");
    }

    @Test
    void unknownPublicPathIsNotFound() throws Exception {
        problem(mvc.perform(get("/no-such-page")), 404, "not-found");
        problem(mvc.perform(get("/v1/no-such-thing")), 404, "not-found");
    }

    @Test
    void wrongMethodIsMethodNotAllowed() throws Exception {
        problem(mvc.perform(put("/admin/v1/audit-events").header("Authorization", ADMIN)), 405, "method-not-allowed")
                .andExpect(header().string("Allow", "GET"));
        problem(mvc.perform(post("/openapi.yaml")), 405, "method-not-allowed");
    }

    @Test
    void wrongMediaTypeIsUnsupported() throws Exception {
        problem(
                mvc.perform(post("/admin/v1/tokens")
                        .header("Authorization", ADMIN)
                        .contentType(MediaType.TEXT_PLAIN)
                        .content("name=x")),
                415,
                "unsupported-media-type");
        problem(
                mvc.perform(post("/admin/v1/tokens")
                        .header("Authorization", ADMIN)
                        .contentType(MediaType.APPLICATION_XML)
                        .content("<x/>")),
                415,
                "unsupported-media-type");
    }

    @Test
    void malformedJsonIsBadRequest() throws Exception {
        for (String body : new String[] {"{\"name\":", "not json", "[1,2]", "", "{\"name\": 12, \"role\": {}}"}) {
            problem(
                            mvc.perform(post("/admin/v1/tokens")
                                    .header("Authorization", ADMIN)
                                    .contentType(MediaType.APPLICATION_JSON)
                                    .content(body)),
                            400,
                            "malformed-body")
                    .andExpect(jsonPath("$.detail")
                            .value("The request body is missing or is not valid JSON of the expected shape."));
        }
    }

    @Test
    void declaredBodyOverOneMebibyteIsTooLarge() throws Exception {
        byte[] big = new byte[MIB + 1];
        java.util.Arrays.fill(big, (byte) 'a');
        problem(
                mvc.perform(post("/admin/v1/tokens")
                        .header("Authorization", ADMIN)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(big)),
                413,
                "payload-too-large");
        // refused before authentication and on public paths too
        problem(
                mvc.perform(post("/admin/v1/tokens")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(big)),
                413,
                "payload-too-large");
        problem(
                mvc.perform(post("/v1/apps/x/reports")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(big)),
                413,
                "payload-too-large");
    }

    @Test
    void bodyOfExactlyOneMebibyteIsRead() throws Exception {
        byte[] body = new byte[MIB];
        java.util.Arrays.fill(body, (byte) ' ');
        byte[] json = "{\"name\":\"x\",\"role\":\"nobody\"}".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(json, 0, body, 0, json.length);
        problem(
                mvc.perform(post("/admin/v1/tokens")
                        .header("Authorization", ADMIN)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body)),
                400,
                "validation");
    }

    @Test
    void chunkedBodyOverOneMebibyteIsTooLarge() throws Exception {
        byte[] big =
                ("{\"name\":\"" + "a".repeat(2 * MIB) + "\",\"role\":\"viewer\"}").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = new TestHttp(port, null)
                .send(HttpRequest.newBuilder(URI.create(base() + "/admin/v1/tokens"))
                        .header("Authorization", ADMIN)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))));
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("https://pinwheel.dev/problems/payload-too-large");
    }

    @Test
    void errorPageIsAProblemToo() throws Exception {
        HttpResponse<String> response =
                new TestHttp(port, null).send(HttpRequest.newBuilder(URI.create(base() + "/error")));
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        response = new TestHttp(port, null)
                .send(HttpRequest.newBuilder(URI.create(base() + "/admin/v1/%2e%2e/tokens"))
                        .header("Authorization", ADMIN));
        assertThat(response.statusCode()).isBetween(400, 404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("at org.");
    }

    @Test
    void unacceptableMediaTypeStillGetsAProblem() throws Exception {
        problem(
                mvc.perform(
                        get("/admin/v1/tokens").header("Authorization", ADMIN).accept(MediaType.TEXT_HTML)),
                406,
                "not-acceptable");
    }

    private static ResultActions problem(ResultActions result, int status, String type) throws Exception {
        result.andExpect(status().is(status))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://pinwheel.dev/problems/" + type))
                .andExpect(jsonPath("$.status").value(status))
                .andExpect(jsonPath("$.title").isNotEmpty())
                .andExpect(jsonPath("$.detail").isNotEmpty());
        String body = result.andReturn().getResponse().getContentAsString();
        assertThat(body).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("trace");
        return result;
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }
}
