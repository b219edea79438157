package dev.pinwheel.client.e2e;

import dev.pinwheel.client.Pins;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A TLS web server on 127.0.0.1 serving the key and certificate chain that a directory holds
 * ({@code privkey.pem}, {@code fullchain.pem}), as a web server configured with the rollover
 * tool's {@code current/} paths does. It looks at the directory on every new connection, so
 * switching the {@code current} link is a graceful reload (no connection is dropped or refused),
 * like {@code nginx -s reload}. It answers every request with {@code key <first 8 characters of
 * the served pin>}.
 */
final class KeyFileTlsServer implements AutoCloseable {

    private final Path dir;
    private final ServerSocket listener;
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "key-file-tls-server");
        t.setDaemon(true);
        return t;
    });
    private volatile Path loadedFrom;
    private volatile SSLContext context;
    private volatile String servedPin;

    KeyFileTlsServer(Path dir, int port) throws IOException {
        this.dir = dir;
        this.listener = new ServerSocket(port, 50, InetAddress.getByName("127.0.0.1"));
        workers.execute(this::acceptLoop);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** The pin ({@code sha256/...}) of the key served by the newest connection. */
    String servedPin() {
        return servedPin;
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket plain = listener.accept();
                workers.execute(() -> serve(plain));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket plain) {
        try (plain) {
            SSLContext tls = current();
            try (SSLSocket socket =
                    (SSLSocket) tls.getSocketFactory().createSocket(plain, "127.0.0.1", plain.getPort(), false)) {
                socket.setUseClientMode(false);
                socket.setSoTimeout(10_000);
                socket.startHandshake();
                BufferedReader in =
                        new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
                String line;
                while ((line = in.readLine()) != null && !line.isEmpty()) {
                    // read the request head
                }
                String body = "key " + servedPin.substring("sha256/".length(), "sha256/".length() + 8);
                OutputStream out = socket.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length()
                                + "\r\nConnection: close\r\n\r\n" + body)
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
        } catch (IOException | GeneralSecurityException e) {
            // a refused handshake (the client's pin check) or a client that went away: nothing to serve
        }
    }

    /** The TLS context for what the directory holds now (reloaded when the directory's real path changed). */
    private synchronized SSLContext current() throws IOException, GeneralSecurityException {
        Path real = dir.toRealPath();
        if (!real.equals(loadedFrom)) {
            Certificate[] chain = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(real.resolve("fullchain.pem"))))
                    .toArray(Certificate[]::new);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", privateKey(real.resolve("privkey.pem")), new char[0], chain);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, new char[0]);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(keys.getKeyManagers(), null, null);
            context = tls;
            servedPin = "sha256/" + Pins.of((X509Certificate) chain[0]);
            loadedFrom = real;
        }
        return context;
    }

    /** A PKCS#8 PEM private key ({@code openssl genpkey}'s output). */
    private static PrivateKey privateKey(Path pem) throws IOException, GeneralSecurityException {
        String text = Files.readString(pem);
        String base64 = text.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("EC")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    @Override
    public void close() throws IOException {
        listener.close();
        workers.shutdownNow();
    }
}
