package dev.pinwheel.support.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The validator itself: every kind of mismatch is reported with method, path, status and the reason. */
class OpenApiContractTests {

    static final String SPEC = """
            openapi: 3.1.0
            info: {title: t, version: '1'}
            paths:
              /things/{id}:
                get:
                  responses:
                    '200':
                      description: ok
                      content:
                        application/json:
                          schema: {$ref: '#/components/schemas/Thing'}
                    '404': {$ref: '#/components/responses/NotFound'}
                delete:
                  responses:
                    '204': {description: gone}
              /things/special:
                get:
                  responses:
                    '200':
                      description: ok
                      content:
                        text/plain:
                          schema: {type: string}
            components:
              responses:
                NotFound:
                  description: nope
                  content:
                    application/problem+json:
                      schema: {$ref: '#/components/schemas/Problem'}
              schemas:
                Thing:
                  type: object
                  required: [id, size]
                  additionalProperties: false
                  properties:
                    id: {type: string}
                    size: {type: integer, minimum: 0}
                    note: {type: [string, 'null']}
                Problem:
                  type: object
                  required: [type, title, status]
                  properties:
                    type: {type: string}
                    title: {type: string}
                    status: {type: integer}
            """;

    final OpenApiContract contract =
            OpenApiContract.parse(new ByteArrayInputStream(SPEC.getBytes(StandardCharsets.UTF_8)));

    @Test
    void acceptsMatchingResponse() {
        assertThat(check("GET", "/things/a1", 200, "application/json", "{\"id\":\"a1\",\"size\":3,\"note\":null}"))
                .isEmpty();
        assertThat(check(
                        "GET",
                        "/things/a1",
                        404,
                        "application/problem+json",
                        "{\"type\":\"x\",\"title\":\"t\",\"status\":404}"))
                .isEmpty();
        assertThat(check("DELETE", "/things/a1", 204, null, "")).isEmpty();
    }

    @Test
    void prefersLiteralPathOverTemplate() {
        assertThat(contract.match("/things/special")).isEqualTo("/things/special");
        assertThat(contract.match("/things/other")).isEqualTo("/things/{id}");
        assertThat(contract.match("/things/a/b")).isNull();
        assertThat(check("GET", "/things/special", 200, "text/plain;charset=UTF-8", "hello"))
                .isEmpty();
    }

    @Test
    void reportsUndeclaredStatus() {
        assertThat(check("GET", "/things/a1", 409, "application/problem+json", "{}"))
                .singleElement()
                .asString()
                .contains("GET /things/a1 (GET /things/{id}) -> 409")
                .contains("status 409 is not declared")
                .contains("declared: 200, 404");
    }

    @Test
    void reportsBodyThatBreaksTheSchema() {
        assertThat(check("GET", "/things/a1", 200, "application/json", "{\"id\":\"a1\",\"size\":-1,\"secret\":1}"))
                .hasSize(2)
                .allSatisfy(
                        p -> assertThat(p).contains("GET /things/a1 (GET /things/{id}) -> 200: body does not match"))
                .anySatisfy(p -> assertThat(p).contains("/size").contains("minimum"))
                .anySatisfy(p -> assertThat(p).contains("secret").contains("additionalProperties"));
        assertThat(check("GET", "/things/a1", 200, "application/json", "{\"id\":\"a1\"}"))
                .singleElement()
                .asString()
                .contains("size")
                .contains("required");
    }

    @Test
    void reportsWrongContentType() {
        assertThat(check("GET", "/things/a1", 200, "text/html", "<p>"))
                .singleElement()
                .asString()
                .contains("Content-Type text/html is not declared");
        assertThat(check(
                        "GET",
                        "/things/a1",
                        404,
                        "application/json",
                        "{\"type\":\"x\",\"title\":\"t\",\"status\":404}"))
                .singleElement()
                .asString()
                .contains("Content-Type application/json is not declared");
    }

    @Test
    void reportsMissingOrUnexpectedBody() {
        assertThat(check("GET", "/things/a1", 200, "application/json", ""))
                .singleElement()
                .asString()
                .contains("body is empty");
        assertThat(check("DELETE", "/things/a1", 204, null, "")).isEmpty();
        assertThat(contract.check("DELETE", "/things/a1", 200, "application/json", "{}".getBytes(), true))
                .singleElement()
                .asString()
                .contains("status 200 is not declared");
        assertThat(check("GET", "/things/a1", 200, "application/json", "{not json"))
                .singleElement()
                .asString()
                .contains("not valid JSON");
    }

    @Test
    void reportsUndescribedPathsAndMethods() {
        assertThat(check("GET", "/elsewhere", 200, "application/json", "{}"))
                .singleElement()
                .asString()
                .contains("GET /elsewhere -> 200: path is not described");
        assertThat(check("PUT", "/things/a1", 200, "application/json", "{}"))
                .singleElement()
                .asString()
                .contains("operation PUT /things/{id} is not described");
    }

    @Test
    void acceptsProblemAnswersOnUndescribedPathsAndMethods() {
        String problem = "{\"type\":\"x\",\"title\":\"t\",\"status\":404}";
        assertThat(check("GET", "/elsewhere", 404, "application/problem+json", problem))
                .isEmpty();
        assertThat(check("PUT", "/things/a1", 405, "application/problem+json", problem))
                .isEmpty();
        assertThat(check("GET", "/elsewhere", 404, "text/html", "<html>"))
                .singleElement()
                .asString()
                .contains("must be application/problem+json");
        assertThat(check("GET", "/elsewhere", 404, "application/problem+json", "{\"title\":\"t\"}"))
                .isNotEmpty()
                .allSatisfy(p -> assertThat(p).contains("required"));
    }

    @Test
    void skipsBodyLeftToTheErrorPage() {
        assertThat(contract.check("GET", "/things/a1", 404, null, new byte[0], false))
                .isEmpty();
        assertThat(contract.check("GET", "/things/a1", 500, null, new byte[0], false))
                .singleElement()
                .asString()
                .contains("status 500 is not declared");
    }

    @Test
    void readsTheRepositoryContract() {
        OpenApiContract root = OpenApiContract.get();
        assertThat(root.operations("/admin/v1/tokens"))
                .contains("GET /admin/v1/tokens", "POST /admin/v1/tokens", "DELETE /admin/v1/tokens/{id}");
        assertThat(root.check(
                        "GET",
                        "/admin/v1/tokens",
                        401,
                        "application/problem+json",
                        "{\"type\":\"https://pinwheel.dev/problems/unauthorized\",\"title\":\"Authentication required\",\"status\":401,\"detail\":\"d\"}"
                                .getBytes(StandardCharsets.UTF_8),
                        true))
                .isEmpty();
    }

    private java.util.List<String> check(String method, String path, int status, String type, String body) {
        return contract.check(method, path, status, type, body.getBytes(StandardCharsets.UTF_8), true);
    }
}
