package dev.pinwheel.client;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Objects;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * An {@link X509ExtendedTrustManager} that adds the held bundle's pins to an ordinary trust
 * manager, for stacks other than OkHttp ({@code HttpsURLConnection}, Netty, gRPC, ...). Create it
 * with {@link PinwheelClient#trustManager} and install it in an {@code SSLContext}.
 *
 * <p>For a server chain, the delegate runs first: chain validation, and host-name validation when
 * the socket or engine has an endpoint identification algorithm set (stacks like
 * {@code HttpsURLConnection} also verify the host name themselves after the handshake). Only if
 * the delegate accepts are the pins of the peer host (taken from the handshake session) checked.
 * On a mismatch in an enforced domain the client refreshes its bundle at once (rate-limited per
 * host and port, and globally), checks again with the new pins and, if they still do not match,
 * reports and throws
 * {@link CertificateException}; a report-mode domain is reported and allowed.
 *
 * <p><strong>Warning:</strong> the two-argument {@link #checkServerTrusted(X509Certificate[], String)}
 * carries no host name, so it cannot check pins: while a bundle is enforced it refuses every
 * chain. JSSE and Android call the extended methods for an {@code X509ExtendedTrustManager}.
 */
public final class PinningTrustManager extends X509ExtendedTrustManager {

    private final PinwheelClient client;
    private final X509TrustManager delegate;

    PinningTrustManager(PinwheelClient client, X509TrustManager delegate) {
        this.client = Objects.requireNonNull(client, "client");
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        if (delegate instanceof X509ExtendedTrustManager extended) {
            extended.checkServerTrusted(chain, authType, socket);
        } else {
            delegate.checkServerTrusted(chain, authType);
        }
        SSLSession session = socket instanceof SSLSocket ssl ? ssl.getHandshakeSession() : null;
        String host = session != null ? session.getPeerHost() : null; // never a reverse DNS lookup
        checkPins(chain, host, session != null ? session.getPeerPort() : socket == null ? -1 : socket.getPort());
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        if (delegate instanceof X509ExtendedTrustManager extended) {
            extended.checkServerTrusted(chain, authType, engine);
        } else {
            delegate.checkServerTrusted(chain, authType);
        }
        SSLSession session = engine == null ? null : engine.getHandshakeSession();
        String host = session != null && session.getPeerHost() != null
                ? session.getPeerHost()
                : engine == null ? null : engine.getPeerHost();
        int port = session != null ? session.getPeerPort() : engine == null ? -1 : engine.getPeerPort();
        checkPins(chain, host, port);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkServerTrusted(chain, authType);
        checkPins(chain, null, -1);
    }

    private void checkPins(X509Certificate[] chain, String host, int port) throws CertificateException {
        if (host == null) {
            if (client.isEnforcing()) {
                throw new CertificateException("Pin verification needs the peer host name; use an SSLSocket or"
                        + " SSLEngine created with the host (pins are enforced)");
            }
            return;
        }
        PinVerdict verdict = client.check(host, port, Arrays.asList(chain), delegate);
        if (verdict.refuses() && client.refreshAfterMismatch(verdict)) {
            verdict = client.check(host, port, Arrays.asList(chain), delegate);
        }
        client.concludeMismatch(verdict);
        if (verdict.refuses()) {
            throw new CertificateException(verdict.describe());
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        if (delegate instanceof X509ExtendedTrustManager extended) {
            extended.checkClientTrusted(chain, authType, socket);
        } else {
            delegate.checkClientTrusted(chain, authType);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        if (delegate instanceof X509ExtendedTrustManager extended) {
            extended.checkClientTrusted(chain, authType, engine);
        } else {
            delegate.checkClientTrusted(chain, authType);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }
}
