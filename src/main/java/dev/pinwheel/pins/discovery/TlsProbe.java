package dev.pinwheel.pins.discovery;

import dev.pinwheel.core.ProblemException;
import dev.pinwheel.core.ProblemType;
import dev.pinwheel.core.net.NetworkGuard;
import dev.pinwheel.pins.PinHash;
import dev.pinwheel.pins.certificates.CertificateInfo;
import dev.pinwheel.pins.certificates.Certificates;
import dev.pinwheel.pins.certificates.HostMatcher;
import java.io.IOException;
import java.net.IDN;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import org.springframework.stereotype.Component;

/**
 * Learns the certificate chain a TLS server presents: resolves the host once, refuses restricted
 * addresses ({@link NetworkGuard}), connects to exactly the checked address and performs a TLS
 * handshake only: no application data is ever sent. Trust and host name are evaluated afterwards
 * and reported, never enforced, because discovery must also see untrusted chains.
 *
 * <p><b>Warning:</b> the handshake accepts any certificate. Never use this class to carry data.
 */
@Component
public class TlsProbe {

    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tls-probe-deadline");
        t.setDaemon(true);
        return t;
    });

    private final DiscoveryProperties properties;
    private final NetworkGuard guard;
    private final AddressResolver resolver;
    private volatile X509TrustManager platformTrust;

    public TlsProbe(DiscoveryProperties properties, AddressResolver resolver) {
        this.properties = properties;
        this.resolver = resolver;
        List<String> ports = new ArrayList<>(properties.allowedPorts());
        ports.add(Integer.toString(properties.liveCheckPort()));
        this.guard = new NetworkGuard("pinwheel.discovery", properties.allowedNetworks(), ports);
    }

    /**
     * What a server presented.
     *
     * @param host        the host asked for (lower case)
     * @param port        the port connected to
     * @param sni         the SNI name sent, null when none (IP literal without an explicit SNI)
     * @param address     the resolved address connected to
     * @param protocol    negotiated TLS version
     * @param cipherSuite negotiated cipher suite
     * @param chain       the served chain in the order served, leaf first, with pins and metadata
     * @param trusted     whether the chain validates against the JDK trust store
     * @param trustProblem why it does not validate; null when trusted
     * @param hostMatches whether the leaf covers the SNI name (or the host) per RFC 6125
     */
    public record Result(
            String host,
            int port,
            String sni,
            String address,
            String protocol,
            String cipherSuite,
            List<CertificateInfo> chain,
            boolean trusted,
            String trustProblem,
            boolean hostMatches) {

        /** The pin of the served leaf key. */
        public PinHash servedPin() {
            return chain.get(0).spkiPin();
        }
    }

    /**
     * Handshakes with {@code host:port}.
     *
     * @param sni SNI name to send; null to send the host name (none for an IP literal)
     * @throws ProblemException 400 for a malformed host/port/SNI, 422 when the port is not allowed,
     *                          the host does not resolve or resolves to a restricted address, 504 on a time-out,
     *                          502 when the connection or handshake fails
     */
    public Result probe(String host, int port, String sni) {
        String h = normaliseHost("host", host);
        if (port < 1 || port > 65535) {
            throw ProblemException.invalid("port", "must be between 1 and 65535");
        }
        String sniName = sni == null || sni.isBlank() ? (isIpLiteral(h) ? null : h) : normaliseHost("sni", sni);
        if (sniName != null && isIpLiteral(sniName)) {
            throw ProblemException.invalid("sni", "must be a host name, not an IP address");
        }
        guard.checkPort(h, port);
        InetAddress address = resolve(h);
        guard.check(h, address);
        Handshake hs = handshake(h, address, port, sniName);
        List<X509Certificate> served = hs.chain();
        String trustProblem = trustProblem(served);
        List<CertificateInfo> chain = served.stream().map(Certificates::inspect).toList();
        boolean matches = HostMatcher.covers(served.get(0), sniName != null ? sniName : h);
        return new Result(
                h,
                port,
                sniName,
                address.getHostAddress(),
                hs.protocol(),
                hs.cipherSuite(),
                chain,
                trustProblem == null,
                trustProblem,
                matches);
    }

    /** Whether probes may connect to the port ({@code pinwheel.discovery.allowed-ports} or the live-check port). */
    public boolean allowsPort(int port) {
        return guard.allowsPort(port);
    }

    private record Handshake(List<X509Certificate> chain, String protocol, String cipherSuite) {}

    private Handshake handshake(String host, InetAddress address, int port, String sniName) {
        String where = host + ":" + port + " (" + address.getHostAddress() + ")";
        AtomicBoolean deadlinePassed = new AtomicBoolean();
        Socket raw = new Socket();
        ScheduledFuture<?> deadline = null;
        boolean connected = false;
        try {
            raw.connect(new InetSocketAddress(address, port), (int)
                    properties.connectTimeout().toMillis());
            connected = true;
            raw.setSoTimeout((int) properties.handshakeTimeout().toMillis());
            deadline = DEADLINES.schedule(
                    () -> {
                        deadlinePassed.set(true);
                        closeQuietly(raw);
                    },
                    properties.handshakeTimeout().toMillis(),
                    TimeUnit.MILLISECONDS);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new AcceptAnyChain()}, null);
            try (SSLSocket ssl = (SSLSocket) ctx.getSocketFactory()
                    .createSocket(raw, sniName != null ? sniName : address.getHostAddress(), port, true)) {
                SSLParameters params = ssl.getSSLParameters();
                params.setServerNames(sniName == null ? List.of() : List.of(new SNIHostName(sniName)));
                params.setEndpointIdentificationAlgorithm(null);
                ssl.setSSLParameters(params);
                ssl.startHandshake();
                Certificate[] peer = ssl.getSession().getPeerCertificates();
                List<X509Certificate> out = new ArrayList<>();
                for (Certificate c : peer) {
                    if (c instanceof X509Certificate x) {
                        out.add(x);
                    }
                }
                if (out.isEmpty()) {
                    throw new ProblemException(ProblemType.TLS_FAILED, where + " presented no X.509 certificate.");
                }
                return new Handshake(
                        out, ssl.getSession().getProtocol(), ssl.getSession().getCipherSuite());
            }
        } catch (SocketTimeoutException e) {
            throw timeout(where, connected);
        } catch (IOException e) {
            if (deadlinePassed.get()) {
                throw timeout(where, true);
            }
            throw new ProblemException(
                    ProblemType.TLS_FAILED,
                    (connected
                                    ? "The TLS handshake with " + where + " failed: "
                                    : "Could not connect to " + where + ": ")
                            + describe(e),
                    Map.of("host", host, "port", port));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available in this JVM", e);
        } finally {
            if (deadline != null) {
                deadline.cancel(false);
            }
            closeQuietly(raw);
        }
    }

    private ProblemException timeout(String where, boolean connected) {
        String detail = connected
                ? where + " accepted the connection but did not complete a TLS handshake within "
                        + properties.handshakeTimeout().toMillis() + " ms."
                : "Connecting to " + where + " timed out after "
                        + properties.connectTimeout().toMillis() + " ms.";
        return new ProblemException(
                ProblemType.TLS_TIMEOUT, detail, Map.of("phase", connected ? "handshake" : "connect"));
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : " (" + m + ")");
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    private String trustProblem(List<X509Certificate> chain) {
        try {
            platformTrust().checkServerTrusted(chain.toArray(X509Certificate[]::new), "UNKNOWN");
            return null;
        } catch (CertificateException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }

    private X509TrustManager platformTrust() {
        X509TrustManager tm = platformTrust;
        if (tm == null) {
            try {
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init((KeyStore) null);
                for (TrustManager m : tmf.getTrustManagers()) {
                    if (m instanceof X509TrustManager x) {
                        tm = x;
                    }
                }
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException("The JDK trust store cannot be loaded", e);
            }
            platformTrust = tm;
        }
        return tm;
    }

    private InetAddress resolve(String host) {
        try {
            return resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new ProblemException(
                    ProblemType.HOST_UNRESOLVABLE, host + " does not resolve to an address.", Map.of("host", host));
        }
    }

    static String normaliseHost(String field, String host) {
        if (host == null || host.isBlank()) {
            throw ProblemException.invalid(field, "is required");
        }
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (isIpLiteral(h)) {
            return h;
        }
        try {
            h = IDN.toASCII(h, IDN.USE_STD3_ASCII_RULES);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(field, "is not a valid host name");
        }
        if (h.isEmpty()
                || h.length() > 253
                || !h.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*")) {
            throw ProblemException.invalid(field, "is not a valid host name");
        }
        return h;
    }

    private static boolean isIpLiteral(String h) {
        return h.contains(":") || h.matches("[0-9]+(\\.[0-9]+){3}");
    }

    /** Accepts every chain: discovery reports trust separately and never sends data. */
    private static final class AcceptAnyChain extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}
    }
}
