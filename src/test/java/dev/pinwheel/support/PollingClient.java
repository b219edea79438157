package dev.pinwheel.support;

import com.nimbusds.jwt.JWTClaimsSet;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.tls.HeldCertificate;

/**
 * A client app as the tests see it: polls its app's bundle over HTTP, verifies it with nothing but
 * the published JWKS (Nimbus, {@link BundleFixtures#verify}), keeps the pins of one host from the
 * last bundle it accepted, and connects to a TLS server with ordinary chain validation plus those
 * pins. A client that stops polling keeps the bundle it holds.
 */
public final class PollingClient {

    private final TestHttp http;
    private final String issuer;
    private final String appId;
    private final String host;
    private long seq;
    private Set<String> pins = Set.of();

    public PollingClient(int port, String appId, String host) {
        this.http = new TestHttp(port, null);
        // the quick-start issuer names the port the service listens on
        this.issuer = "http://localhost:" + port;
        this.appId = appId;
        this.host = host;
    }

    /** Fetches and verifies the newest bundle; keeps its pins for the host. Returns its seq. */
    @SuppressWarnings("unchecked")
    public long poll() throws Exception {
        String jwks = get("/v1/keys");
        JWTClaimsSet claims = BundleFixtures.verify(jwks, get("/v1/apps/" + appId + "/bundle"), appId, issuer);
        long s = ((Number) claims.getClaim("seq")).longValue();
        if (s < seq) {
            throw new IllegalStateException("rolled back from seq " + seq + " to " + s);
        }
        for (Object o : (List<Object>) claims.getClaim("domains")) {
            Map<String, Object> d = (Map<String, Object>) o;
            if (host.equals(d.get("host"))) {
                pins = Set.copyOf(((List<Map<String, Object>>) d.get("pins"))
                        .stream().map(p -> (String) p.get("sha256")).toList());
            }
        }
        seq = s;
        return s;
    }

    public long seq() {
        return seq;
    }

    /**
     * Whether a connection to the server would be accepted: the chain validates against the
     * root and covers the host, and the served key is one of the held pins.
     */
    public boolean accepts(TlsTestServer server, HeldCertificate root) throws Exception {
        return pins.contains(RotationFixtures.servedPin(server.port(), host, root));
    }

    private String get(String path) throws Exception {
        HttpResponse<String> r = http.exchange("GET", path, null);
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + r.statusCode());
        }
        return r.body();
    }
}
