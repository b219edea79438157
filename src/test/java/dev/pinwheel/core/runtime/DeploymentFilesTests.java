package dev.pinwheel.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pinwheel.support.DeploymentFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * What a platform engineer checks in the Dockerfile and docker-compose.yml: pinned base images, a
 * non-root user, health checks, no secret baked in, secrets read from the uncommitted .env.
 * (ops/check runs the real tools: docker-compose config and a Dockerfile linter.)
 */
class DeploymentFilesTests {

    private static final Pattern PINNED_TEMURIN =
            Pattern.compile("eclipse-temurin:21\\.\\d+\\.\\d+_\\d+-(jdk|jre)-[a-z]+");

    @Test
    void dockerfilePinsTemurinImagesAndRunsAsNonRootWithAHealthCheck() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("Dockerfile"));
        List<String> froms = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
        assertThat(froms).hasSize(2);
        assertThat(froms).allSatisfy(f -> assertThat(f.split(" ")[1]).matches(PINNED_TEMURIN));
        assertThat(froms.get(1)).contains("-jre-");
        assertThat(lines).anyMatch(l -> l.matches("USER 10001(:10001)?"));
        assertThat(lines).contains("EXPOSE 8080");
        assertThat(String.join("\n", lines))
                .contains("HEALTHCHECK")
                .contains("/actuator/health/readiness")
                .contains("-Djarmode=tools")
                .contains("extract --layers")
                .doesNotContain("PINWHEEL_MASTER_KEY")
                .doesNotContain("PINWHEEL_BOOTSTRAP_TOKEN");
        assertThat(DeploymentFiles.dockerEntrypoint())
                .contains("-XX:MaxRAMPercentage=75")
                .endsWith("pinwheel.jar");
    }

    @Test
    void dockerignoreKeepsSecretsAndBuildOutputOutOfTheContext() throws IOException {
        List<String> lines = Files.readAllLines(Path.of(".dockerignore"));
        assertThat(lines).contains("*", ".env").doesNotContain("!target/", "!.env");
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeWaitsForAHealthyPostgres17AndTakesSecretsFromEnv() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("docker-compose.yml")));
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        Map<String, Object> db = (Map<String, Object>) services.get("db");
        Map<String, Object> app = (Map<String, Object>) services.get("pinwheel");

        assertThat((String) db.get("image")).matches("postgres:17\\.\\d+-[a-z]+");
        assertThat(db.get("healthcheck").toString()).contains("pg_isready");
        assertThat((List<String>) db.get("volumes")).anyMatch(v -> v.startsWith("pgdata:"));
        assertThat((Map<String, Object>) compose.get("volumes")).containsKey("pgdata");

        assertThat(app.get("depends_on").toString()).contains("condition=service_healthy");
        assertThat(app.get("restart")).isEqualTo("unless-stopped");
        Map<String, String> env = (Map<String, String>) app.get("environment");
        assertThat(env).containsEntry("SPRING_PROFILES_ACTIVE", "prod");
        assertThat(env.get("SPRING_DATASOURCE_URL")).startsWith("jdbc:postgresql://db:5432/");
        for (String secret : List.of("SPRING_DATASOURCE_PASSWORD", "PINWHEEL_MASTER_KEY", "PINWHEEL_BOOTSTRAP_TOKEN")) {
            assertThat(env.get(secret))
                    .as(secret + " comes from .env, required")
                    .matches("\\$\\{[A-Z_]+:\\?.*}");
        }
    }

    /** Compose speaks plain HTTP: publishing it on 0.0.0.0 would put tokens on the wire in clear text. */
    @Test
    @SuppressWarnings("unchecked")
    void composeDoesNotPublishClearTextHttpOnPublicInterfaces() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("docker-compose.yml")));
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        assertThat((List<String>) ((Map<String, Object>) services.get("pinwheel")).get("ports"))
                .containsExactly("127.0.0.1:${PINWHEEL_PORT:-8080}:8080");
        Map<String, Object> replicas = (Map<String, Object>)
                ((Map<String, Object>) new Yaml().load(Files.readString(Path.of("docker-compose.replicas.yml"))))
                        .get("services");
        assertThat(((Map<String, Object>) replicas.get("pinwheel")).get("ports"))
                .as("replicas only behind the balancer")
                .isNull();
        for (Map<String, Object> file : List.of(services, replicas)) {
            file.forEach((name, service) -> {
                List<Object> ports = (List<Object>) ((Map<String, Object>) service).get("ports");
                if (ports != null) {
                    assertThat(ports)
                            .as(name + " publishes on loopback only")
                            .allSatisfy(p -> assertThat(String.valueOf(p)).startsWith("127.0.0.1:"));
                }
            });
        }
    }

    @Test
    void envExampleHasPlaceholdersOnlyAndEnvIsIgnored() throws IOException {
        String example = Files.readString(Path.of(".env.example"));
        assertThat(example)
                .contains("PINWHEEL_MASTER_KEY=replace-me")
                .contains("PINWHEEL_BOOTSTRAP_TOKEN=replace-me")
                .contains("POSTGRES_PASSWORD=replace-me")
                .contains("openssl rand -base64 32");
        assertThat(Files.readAllLines(Path.of(".gitignore"))).contains(".env");
    }
}
