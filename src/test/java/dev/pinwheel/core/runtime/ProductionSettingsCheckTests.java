package dev.pinwheel.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pinwheel.PinwheelApplication;
import dev.pinwheel.support.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;

/**
 * Starts the application in-process with the prod profile, each required setting missing in turn,
 * and checks the refusal: one line naming what is missing, no stack trace, no secret value.
 */
@ExtendWith(OutputCaptureExtension.class)
class ProductionSettingsCheckTests {

    private static final String POSTGRES_URL =
            "--spring.datasource.url=" + TestDatabase.get().url();
    private static final String USER = "--spring.datasource.username=pinwheel";
    private static final String MASTER_KEY = "--PINWHEEL_MASTER_KEY=c2VjcmV0LW1hc3Rlci1rZXktdmFsdWUtZm9yLXRlc3Rz";
    private static final String ISSUER = "--pinwheel.bundles.issuer=https://pins.example.com";

    @Test
    void refusesProdWithoutDatasourceUrl(CapturedOutput output) {
        assertRefused(
                output,
                List.of(USER, MASTER_KEY, ISSUER),
                "Refusing to start with the prod profile: SPRING_DATASOURCE_URL is not set (a jdbc:postgresql: URL).");
    }

    @Test
    void refusesProdOnH2(CapturedOutput output) {
        assertRefused(
                output,
                List.of("--spring.datasource.url=jdbc:h2:mem:x;PASSWORD=hunter2", USER, MASTER_KEY, ISSUER),
                "Refusing to start with the prod profile: SPRING_DATASOURCE_URL must be a jdbc:postgresql: URL, not jdbc:h2:.");
        assertThat(output.getAll()).doesNotContain("hunter2");
    }

    @Test
    void refusesProdWithoutDatasourceUsername(CapturedOutput output) {
        // without it the quick-start H2 user "sa" used to reach PostgreSQL: a stack trace instead of a refusal
        assertRefused(
                output,
                List.of(POSTGRES_URL, MASTER_KEY, ISSUER),
                "Refusing to start with the prod profile: SPRING_DATASOURCE_USERNAME is not set.");
    }

    @Test
    void refusesProdWithoutMasterKey(CapturedOutput output) {
        assertRefused(
                output,
                List.of(POSTGRES_URL, USER, ISSUER),
                "Refusing to start with the prod profile: PINWHEEL_MASTER_KEY or PINWHEEL_MASTER_KEY_FILE is not set.");
    }

    @Test
    void refusesProdWithUnreadableMasterKeyFile(CapturedOutput output, @TempDir Path dir) {
        assertRefused(
                output,
                List.of(POSTGRES_URL, USER, "--PINWHEEL_MASTER_KEY_FILE=" + dir.resolve("missing.key"), ISSUER),
                "Refusing to start with the prod profile: PINWHEEL_MASTER_KEY_FILE names a file that cannot be read.");
    }

    @Test
    void refusesProdWithoutIssuer(CapturedOutput output) {
        assertRefused(
                output,
                List.of(POSTGRES_URL, USER, MASTER_KEY),
                "Refusing to start with the prod profile: PINWHEEL_BUNDLES_ISSUER is not set"
                        + " (the https URL clients see as the bundle issuer).");
    }

    @Test
    void refusesProdWithRelativeIssuer(CapturedOutput output) {
        assertRefused(
                output,
                List.of(POSTGRES_URL, USER, MASTER_KEY, "--pinwheel.bundles.issuer=pins.example.com"),
                "Refusing to start with the prod profile: PINWHEEL_BUNDLES_ISSUER must be an absolute https URL.");
    }

    /** An http issuer sends clients to fetch bundles and post reports in clear text. */
    @Test
    void refusesProdWithAClearTextHttpIssuer(CapturedOutput output) {
        assertRefused(
                output,
                List.of(POSTGRES_URL, USER, MASTER_KEY, "--pinwheel.bundles.issuer=http://pins.example.com"),
                "Refusing to start with the prod profile: PINWHEEL_BUNDLES_ISSUER must be an https URL, not http"
                        + " (clients fetch bundles and send reports there).");
    }

    /** On one machine (the client's end-to-end proof) nothing crosses a network: a loopback http issuer is fine. */
    @Test
    void acceptsAnHttpIssuerOnLoopbackOnly() {
        for (String issuer : List.of("http://127.0.0.1:18080", "http://localhost:8080", "http://[::1]:8080")) {
            MockEnvironment env = complete().withProperty("pinwheel.bundles.issuer", issuer);
            assertThat(ProductionSettingsCheck.problems(env)).as(issuer).isEmpty();
        }
        for (String issuer : List.of("http://10.0.0.1", "http://pins.example.com", "http://127.example.com")) {
            MockEnvironment env = complete().withProperty("pinwheel.bundles.issuer", issuer);
            assertThat(ProductionSettingsCheck.problems(env))
                    .as(issuer)
                    .singleElement()
                    .asString()
                    .startsWith("PINWHEEL_BUNDLES_ISSUER must be an https URL, not http");
        }
    }

    @Test
    void refusesProdThatWouldGenerateSecrets(CapturedOutput output) {
        assertRefused(
                output,
                List.of(
                        POSTGRES_URL,
                        USER,
                        MASTER_KEY,
                        ISSUER,
                        "--pinwheel.security.generate-bootstrap-token=true",
                        "--pinwheel.signing.generate-master-key=true"),
                "Refusing to start with the prod profile: pinwheel.security.generate-bootstrap-token must be false;"
                        + " pinwheel.signing.generate-master-key must be false.");
    }

    @Test
    void refusesProdWithAnOnlineRootUnlessExplicitlyAllowed(CapturedOutput output) {
        assertRefused(
                output,
                List.of(POSTGRES_URL, USER, MASTER_KEY, ISSUER, "--pinwheel.trust.online-root=true"),
                "Refusing to start with the prod profile: pinwheel.trust.online-root is true: the service would hold a"
                        + " root key; keep root keys offline (bin/pinwheel-keys) or set"
                        + " pinwheel.trust.allow-online-root=true explicitly.");
        MockEnvironment allowed = new MockEnvironment()
                .withProperty("spring.datasource.url", "jdbc:postgresql://db:5432/pinwheel")
                .withProperty("spring.datasource.username", "pinwheel")
                .withProperty("PINWHEEL_MASTER_KEY", "c2VjcmV0")
                .withProperty("pinwheel.bundles.issuer", "https://pins.example.com")
                .withProperty("pinwheel.trust.online-root", "true")
                .withProperty("pinwheel.trust.allow-online-root", "true");
        assertThat(ProductionSettingsCheck.problems(allowed)).isEmpty();
    }

    @Test
    void refusesEnvExamplePlaceholders(CapturedOutput output) {
        assertRefused(
                output,
                List.of(
                        POSTGRES_URL,
                        USER,
                        "--PINWHEEL_MASTER_KEY=replace-me-master-key",
                        ISSUER,
                        "--PINWHEEL_BOOTSTRAP_TOKEN=replace-me-bootstrap-token"),
                "Refusing to start with the prod profile: PINWHEEL_MASTER_KEY still holds the .env.example placeholder;"
                        + " PINWHEEL_BOOTSTRAP_TOKEN still holds the .env.example placeholder.");
    }

    @Test
    void namesEverythingMissingInOneLine(CapturedOutput output) {
        assertRefused(
                output,
                List.of(),
                "Refusing to start with the prod profile: SPRING_DATASOURCE_URL is not set (a jdbc:postgresql: URL);"
                        + " SPRING_DATASOURCE_USERNAME is not set;"
                        + " PINWHEEL_MASTER_KEY or PINWHEEL_MASTER_KEY_FILE is not set;"
                        + " PINWHEEL_BUNDLES_ISSUER is not set (the https URL clients see as the bundle issuer).");
    }

    @Test
    void acceptsCompleteProductionSettings(@TempDir Path dir) throws IOException {
        Path keyFile = Files.writeString(dir.resolve("master.key"), "c2VjcmV0");
        MockEnvironment env = new MockEnvironment()
                .withProperty("spring.datasource.url", "jdbc:postgresql://db:5432/pinwheel")
                .withProperty("spring.datasource.username", "pinwheel")
                .withProperty("PINWHEEL_MASTER_KEY_FILE", keyFile.toString())
                .withProperty("pinwheel.bundles.issuer", "https://pins.example.com")
                .withProperty("pinwheel.security.generate-bootstrap-token", "false");
        assertThat(ProductionSettingsCheck.problems(env)).isEmpty();
    }

    private static MockEnvironment complete() {
        return new MockEnvironment()
                .withProperty("spring.datasource.url", "jdbc:postgresql://db:5432/pinwheel")
                .withProperty("spring.datasource.username", "pinwheel")
                .withProperty("PINWHEEL_MASTER_KEY", "c2VjcmV0")
                .withProperty("pinwheel.bundles.issuer", "https://pins.example.com");
    }

    @Test
    void leavesOtherProfilesAlone() {
        MockEnvironment env = new MockEnvironment();
        env.setActiveProfiles("default");
        new ProductionSettingsCheck()
                .onApplicationEvent(new org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent(
                        null, new org.springframework.boot.SpringApplication(), new String[0], env));
    }

    private static void assertRefused(CapturedOutput output, List<String> args, String line) {
        List<String> all = new ArrayList<>();
        // blank out what the test classpath's application.properties gives every test context
        if (args.stream().noneMatch(a -> a.startsWith("--PINWHEEL_MASTER_KEY="))) {
            all.add("--PINWHEEL_MASTER_KEY=");
        }
        all.addAll(args);
        all.add("--spring.main.banner-mode=off");
        SpringApplicationBuilder app = new SpringApplicationBuilder(PinwheelApplication.class)
                .profiles(ProductionSettingsCheck.PROFILE)
                .web(WebApplicationType.NONE);
        assertThatThrownBy(() -> app.run(all.toArray(String[]::new)))
                .isInstanceOf(ProductionSettingsMissingException.class)
                .hasMessage(line);
        assertThat(output.getAll())
                .contains("APPLICATION FAILED TO START")
                .contains(line)
                .doesNotContain("\tat dev.pinwheel")
                .doesNotContain("c2VjcmV0");
    }
}
