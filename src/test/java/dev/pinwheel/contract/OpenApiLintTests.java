package dev.pinwheel.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * openapi.yaml lints clean, and the lint catches the mistakes that slipped through before (a
 * flow-mapping description with an unquoted comma becoming a bogus property keyword).
 */
class OpenApiLintTests {

    @Test
    void openapiYamlLintsClean() throws IOException {
        try (var reader = Files.newBufferedReader(Path.of("openapi.yaml"))) {
            assertThat(OpenApiLint.lint(reader)).isEmpty();
        }
    }

    @Test
    void catchesACommaInAFlowMappingDescription() {
        String yaml = """
                components:
                  schemas:
                    Bundle:
                      type: object
                      properties:
                        actor: {type: string, description: Token name, or `system` for re-signing.}
                """;

        assertThat(OpenApiLint.lint(new StringReader(yaml)))
                .containsExactly(
                        "components.schemas.Bundle.properties.actor.or `system` for re-signing.: 'or `system` for re-signing.'"
                                + " is not a schema keyword (an unquoted ',' or ': ' in a flow mapping's text?)");
    }

    @Test
    void catchesABrokenParameterAndResponseAndANonSchemaProperty() {
        String yaml = """
                paths:
                  /x:
                    get:
                      parameters:
                        - {name: actor, in: query, description: Exact actor, or system., schema: {type: string}}
                      responses:
                        '200': {description: ok, really}
                components:
                  schemas:
                    Thing:
                      type: object
                      required: [id, size]
                      properties:
                        id: string
                """;

        assertThat(OpenApiLint.lint(new StringReader(yaml)))
                .contains(
                        "paths./x.get.parameters[0]: 'or system.' is not a parameter field",
                        "paths./x.get.responses.200: 'really' is not a response field",
                        "components.schemas.Thing.properties.id: a schema must be an object",
                        "components.schemas.Thing.required: 'size' is required but not among the properties");
    }

    @Test
    void catchesDuplicateKeys() {
        assertThat(OpenApiLint.lint(new StringReader("a: 1\na: 2\n")))
                .singleElement()
                .asString()
                .contains("not valid YAML")
                .contains("duplicate key");
    }
}
