package dev.pinwheel.client;

import static dev.pinwheel.client.TestBundles.bundle;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleCheckTests {

    static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void printsTheVerdictOfEachCandidateWithTheClientsRules() throws Exception {
        Path keys = Files.writeString(dir.resolve("keys.json"), TestBundles.jwks());
        Path held = Files.writeString(dir.resolve("held.jws"), bundle(5, NOW).sign());
        Path newer = Files.writeString(dir.resolve("newer.jws"), bundle(6, NOW).sign());
        Path rollback =
                Files.writeString(dir.resolve("rollback.jws"), bundle(4, NOW).sign());
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int status = BundleCheck.run(
                new String[] {
                    "--app",
                    "banking",
                    "--jwks",
                    keys.toString(),
                    "--held",
                    held.toString(),
                    "--now",
                    NOW.toString(),
                    newer.toString(),
                    rollback.toString()
                },
                new PrintStream(out, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("newer.jws: ACCEPTED seq=6")
                .contains(
                        "rollback.jws: REJECTED ROLLBACK: bundle seq 4 is lower than the held seq 6 (still holding seq=6)");
    }

    @Test
    void explainsUsageOnBadArguments() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(BundleCheck.run(new String[] {"--app"}, new PrintStream(out, true, StandardCharsets.UTF_8)))
                .isEqualTo(64);
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("usage: BundleCheck");
    }

    @Test
    void checksTheWholeChainFromRootKeysAndAKeySetOffline() throws Exception {
        Path roots = Files.writeString(dir.resolve("root-keys.json"), TestTrust.rootJwks());
        Path keySet = Files.writeString(dir.resolve("key-set.json"), TestTrust.keySet());
        Path held = Files.writeString(dir.resolve("held.jws"), bundle(5, NOW).sign());
        Path newer = Files.writeString(dir.resolve("newer.jws"), bundle(6, NOW).sign());
        Path foreign = Files.writeString(
                dir.resolve("foreign.jws"),
                bundle(7, NOW)
                        .signedWith(TestBundles.OTHER_KEY, TestBundles.OTHER_KEY.getKeyID())
                        .sign());
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int status = BundleCheck.run(
                new String[] {
                    "--app",
                    "banking",
                    "--root-keys",
                    roots.toString(),
                    "--threshold",
                    "1",
                    "--key-set",
                    keySet.toString(),
                    "--held",
                    held.toString(),
                    "--now",
                    NOW.toString(),
                    newer.toString(),
                    foreign.toString()
                },
                new PrintStream(out, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("newer.jws: ACCEPTED seq=6")
                .contains("foreign.jws: REJECTED TRUST_UNAVAILABLE")
                .contains("BundleCheck works offline")
                .contains("(still holding seq=6)");
    }
}
