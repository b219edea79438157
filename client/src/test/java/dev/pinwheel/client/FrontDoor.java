package dev.pinwheel.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP port on 127.0.0.1 that forwards each new connection, bytes unchanged, to the current
 * backend port: one host and port whose TLS server can be switched (an operator's deploy, or a
 * man in the middle taking over the route). Connections already open stay with their backend.
 */
public final class FrontDoor implements AutoCloseable {

    private final AtomicInteger backendPort;
    private final ServerSocket socket;

    /** Opens the door on a free port, forwarding to {@code backend}. */
    public FrontDoor(int backend) throws IOException {
        backendPort = new AtomicInteger(backend);
        socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread acceptor = new Thread(this::acceptLoop, "test-front-door");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The door's own port, the one clients call. */
    public int port() {
        return socket.getLocalPort();
    }

    /** New connections now reach {@code backend}. */
    public void switchTo(int backend) {
        backendPort.set(backend);
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException e) {
                continue; // closed: the loop ends
            }
            try {
                Socket backend = new Socket(InetAddress.getByName("127.0.0.1"), backendPort.get());
                pipe(client, backend);
                pipe(backend, client);
            } catch (IOException e) {
                close(client); // the backend is gone: the caller sees a closed connection
            }
        }
    }

    private static void pipe(Socket from, Socket to) {
        Thread t = new Thread(
                () -> {
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        in.transferTo(out);
                    } catch (IOException ignored) {
                        // the other side closed
                    } finally {
                        close(from);
                        close(to);
                    }
                },
                "test-front-door-pipe");
        t.setDaemon(true);
        t.start();
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
