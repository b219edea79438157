package dev.pinwheel.client.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pinwheel.client.Pins;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The shipped rollover tool ({@code bin/pinwheel-rollover}) run as an operator runs it: its own
 * state directory, Pinwheel's URL and an editor token in a file; plus readers of its state (the
 * pins of the current and the next key), done with openssl and the JDK, not with the tool.
 */
final class Rollover {

    static final Path TOOL =
            Path.of("..", "bin", "pinwheel-rollover").toAbsolutePath().normalize();

    final Path stateDir;
    private final Map<String, String> environment;

    Rollover(String pinwheelUrl, Path tokenFile, Path stateDir) {
        this(
                stateDir,
                Map.of(
                        "PINWHEEL_URL",
                        pinwheelUrl,
                        "PINWHEEL_TOKEN_FILE",
                        tokenFile.toString(),
                        "PINWHEEL_ROLLOVER_DIR",
                        stateDir.toString(),
                        "PINWHEEL_ROLLOVER_POLL",
                        "1"));
    }

    private Rollover(Path stateDir, Map<String, String> environment) {
        this.stateDir = stateDir;
        this.environment = environment;
    }

    /** The same tool with one more environment variable. */
    Rollover with(String name, String value) {
        Map<String, String> env = new HashMap<>(environment);
        env.put(name, value);
        return new Rollover(stateDir, env);
    }

    Command run(String... args) throws Exception {
        return script(TOOL.getFileName().toString(), args);
    }

    /** Runs one of the shipped commands in {@code bin/} with this environment. */
    Command script(String name, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(TOOL.resolveSibling(name).toString()));
        command.addAll(List.of(args));
        return Command.run(command, environment, stateDir.getParent(), 180);
    }

    /** Runs the tool and requires exit code 0. */
    Command ok(String... args) throws Exception {
        Command result = run(args);
        assertThat(result.exitCode())
                .as("pinwheel-rollover %s: %s", String.join(" ", args), result.output())
                .isZero();
        return result;
    }

    /** {@code sha256/...} of the certificate the host's {@code current/} serves. */
    String currentPin(String host) throws Exception {
        return certificatePin(stateDir.resolve(host).resolve("current").resolve("fullchain.pem"));
    }

    /** {@code sha256/...} of the host's next key (its private key file, through openssl). */
    String nextPin(String host) throws Exception {
        return keyPin(stateDir.resolve(host).resolve("next"));
    }

    static String certificatePin(Path pem) throws Exception {
        X509Certificate leaf = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(pem)));
        return "sha256/" + Pins.of(leaf);
    }

    static String keyPin(Path privateKey) throws Exception {
        Command pub = Command.run(
                List.of("openssl", "pkey", "-in", privateKey.toString(), "-pubout"),
                Map.of(),
                privateKey.toAbsolutePath().getParent(),
                30);
        assertThat(pub.exitCode()).as(pub.output()).isZero();
        byte[] spki = Base64.getMimeDecoder()
                .decode(pub.output()
                        .replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "")
                        .strip());
        return "sha256/"
                + Base64.getEncoder()
                        .encodeToString(MessageDigest.getInstance("SHA-256").digest(spki));
    }

    /** A new P-256 key (openssl genpkey) and a CSR for {@code host}: what an ACME client would make itself. */
    static Path newKeyAndCsr(Path dir, String name, String host) throws Exception {
        Path key = dir.resolve(name + ".key");
        Path csr = dir.resolve(name + ".csr");
        Command made = Command.run(
                List.of(
                        "openssl",
                        "req",
                        "-new",
                        "-newkey",
                        "ec",
                        "-pkeyopt",
                        "ec_paramgen_curve:P-256",
                        "-nodes",
                        "-keyout",
                        key.toString(),
                        "-subj",
                        "/CN=" + host,
                        "-addext",
                        "subjectAltName=DNS:" + host,
                        "-out",
                        csr.toString()),
                Map.of(),
                dir,
                30);
        assertThat(made.exitCode()).as(made.output()).isZero();
        return csr;
    }
}
