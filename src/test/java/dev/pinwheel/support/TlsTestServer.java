package dev.pinwheel.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLSocket;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * A real TLS server on 127.0.0.1 for tests: completes handshakes with the chain it is given and
 * closes each connection. The served chain can be switched while it runs (a certificate rotation).
 * {@link #silent()} gives a server that accepts TCP connections but never speaks.
 */
public final class TlsTestServer implements AutoCloseable {

    private final ServerSocket server;
    private final AtomicReference<HandshakeCertificates> serving = new AtomicReference<>();
    private final Thread acceptor;
    private final java.util.List<Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();

    private TlsTestServer(ServerSocket server, boolean tls) {
        this.server = server;
        this.acceptor = new Thread(() -> acceptLoop(tls), "tls-test-server-" + server.getLocalPort());
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    /** A TLS server presenting {@code leaf} followed by {@code chain} (e.g. intermediate, root). */
    public static TlsTestServer start(HeldCertificate leaf, X509Certificate... chain) throws IOException {
        ServerSocket s = new ServerSocket();
        s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        TlsTestServer server = new TlsTestServer(s, true);
        server.serve(leaf, chain);
        return server;
    }

    /** A server that accepts connections and never answers. */
    public static TlsTestServer silent() throws IOException {
        ServerSocket s = new ServerSocket();
        s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        return new TlsTestServer(s, false);
    }

    /** Switches the chain presented to the next connections. */
    public void serve(HeldCertificate leaf, X509Certificate... chain) {
        serving.set(
                new HandshakeCertificates.Builder().heldCertificate(leaf, chain).build());
    }

    public int port() {
        return server.getLocalPort();
    }

    /** How many connections a {@link #silent()} server holds open (accepted, never answered). */
    public int heldConnections() {
        return held.size();
    }

    private void acceptLoop(boolean tls) {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                if (!tls) {
                    held.add(s);
                    continue; // keep it open, never answer
                }
                Thread t = new Thread(() -> handshake(s));
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handshake(Socket s) {
        try (s) {
            s.setSoTimeout(10_000);
            try (SSLSocket ssl =
                    (SSLSocket) serving.get().sslSocketFactory().createSocket(s, "127.0.0.1", s.getPort(), true)) {
                ssl.setUseClientMode(false);
                ssl.startHandshake();
                ssl.getInputStream().read();
            }
        } catch (IOException ignored) {
            // the client went away
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : held) {
            s.close();
        }
    }
}
