package dev.pinwheel.client.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * Let's Encrypt's ACME test server (Debian's {@code pebble}) on 127.0.0.1 with its test-only
 * settings: challenges always valid ({@code PEBBLE_VA_ALWAYS_VALID=1}, nothing is contacted), no
 * artificial sleeps, no nonce rejections. It makes a new root and intermediate CA at each start;
 * {@link #rootCertificate()} fetches the root from its management endpoint. Certificates are
 * obtained with Debian's {@code lego} from a CSR, exactly as docs/acme.md tells operators to.
 */
final class Pebble implements AutoCloseable {

    static final int ACME_PORT = 18500;
    static final int MANAGEMENT_PORT = 18501;
    static final int LEGO_HTTP_PORT = 18502;

    private final Path dir;
    private final Process process;
    private final OkHttpClient management;
    private final Path tlsCertificate;

    Pebble(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
        // pebble's own HTTPS certificate (for the ACME and management endpoints), trusted by lego and by us
        HeldCertificate tls = new HeldCertificate.Builder()
                .commonName("pebble")
                .addSubjectAlternativeName("127.0.0.1")
                .addSubjectAlternativeName("localhost")
                .duration(1, TimeUnit.DAYS)
                .ecdsa256()
                .build();
        tlsCertificate = Files.writeString(dir.resolve("pebble-tls.pem"), tls.certificatePem());
        Path tlsKey = Files.writeString(dir.resolve("pebble-tls.key"), tls.privateKeyPkcs8Pem());
        Path config = Files.writeString(dir.resolve("pebble.json"), """
                {"pebble": {"listenAddress": "127.0.0.1:%d", "managementListenAddress": "127.0.0.1:%d",
                 "certificate": "%s", "privateKey": "%s", "httpPort": %d, "tlsPort": 18503,
                 "ocspResponderURL": "", "externalAccountBindingRequired": false}}
                """.formatted(
                        ACME_PORT, MANAGEMENT_PORT, tlsCertificate, tlsKey, LEGO_HTTP_PORT));
        ProcessBuilder pb = new ProcessBuilder("pebble", "-config", config.toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("pebble.log").toFile());
        pb.environment().put("PEBBLE_VA_ALWAYS_VALID", "1");
        pb.environment().put("PEBBLE_VA_NOSLEEP", "1");
        pb.environment().put("PEBBLE_WFE_NONCEREJECT", "0");
        process = pb.start();
        HandshakeCertificates trust = new HandshakeCertificates.Builder()
                .addTrustedCertificate(tls.certificate())
                .build();
        management = new OkHttpClient.Builder()
                .sslSocketFactory(trust.sslSocketFactory(), trust.trustManager())
                .callTimeout(Duration.ofSeconds(10))
                .build();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    assertThat(process.isAlive())
                            .as("pebble exited; log: %s", log())
                            .isTrue();
                    return status("https://127.0.0.1:" + ACME_PORT + "/dir") == 200;
                });
    }

    String directoryUrl() {
        return "https://127.0.0.1:" + ACME_PORT + "/dir";
    }

    /** pebble's own HTTPS certificate (PEM file), which ACME clients must trust to talk to it. */
    Path tlsCertificate() {
        return tlsCertificate;
    }

    /** The root CA pebble issues under (from its management endpoint). */
    X509Certificate rootCertificate() throws Exception {
        try (Response r = management
                .newCall(new Request.Builder()
                        .url("https://127.0.0.1:" + MANAGEMENT_PORT + "/roots/0")
                        .build())
                .execute()) {
            assertThat(r.code()).isEqualTo(200);
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(
                            new ByteArrayInputStream(r.body().string().getBytes(StandardCharsets.US_ASCII)));
        }
    }

    /**
     * {@code lego --csr CSR run} against this pebble for {@code host} (the CSR's name); the issued
     * chain (leaf first), copied to {@code out}.
     */
    Path issue(String host, Path csr, Path out) throws Exception {
        Command lego = Command.run(
                List.of(
                        "lego",
                        "--server",
                        "https://127.0.0.1:" + ACME_PORT + "/dir",
                        "--email",
                        "ops@pinwheel.test",
                        "--accept-tos",
                        "--path",
                        dir.resolve("lego").toString(),
                        "--http",
                        "--http.port",
                        "127.0.0.1:" + LEGO_HTTP_PORT,
                        "--csr",
                        csr.toString(),
                        "run"),
                Map.of("LEGO_CA_CERTIFICATES", tlsCertificate.toString()),
                dir,
                120);
        assertThat(lego.exitCode()).as("lego: %s", lego.output()).isZero();
        Path issued = dir.resolve("lego").resolve("certificates").resolve(host + ".crt");
        return Files.copy(issued, out, StandardCopyOption.REPLACE_EXISTING);
    }

    private int status(String url) {
        try (Response r =
                management.newCall(new Request.Builder().url(url).build()).execute()) {
            return r.code();
        } catch (IOException e) {
            return -1;
        }
    }

    private String log() throws IOException {
        return Files.readString(dir.resolve("pebble.log"));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
