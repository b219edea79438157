package dev.pinwheel.client;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Sends RFC 7469 §3 reports (plus {@code app-version}, {@code platform}, {@code bundle-seq}) to the
 * bundle's {@code reportUri}, asynchronously, over the ordinary (unpinned) client, at most one per
 * host, port, served key and kind per report interval.
 */
final class PinReporter {

    private static final MediaType JSON = MediaType.get("application/json");

    private final PinwheelConfig config;
    private final Map<String, Instant> lastSent = new HashMap<>();

    PinReporter(PinwheelConfig config) {
        this.config = config;
    }

    /**
     * Whether this failure is due for reporting: at most one per host, port, served key and kind
     * per report interval. Counts it as reported when it answers true.
     */
    boolean admit(PinVerdict verdict) {
        Instant now = config.clock.instant();
        String leaf = verdict.validated().isEmpty()
                ? "-"
                : Pins.of(verdict.validated().get(0));
        String key = verdict.outcome() + "|" + verdict.host() + "|" + verdict.port() + "|" + leaf;
        synchronized (lastSent) {
            Instant previous = lastSent.get(key);
            if (previous != null && now.isBefore(previous.plus(config.reportInterval))) {
                return false;
            }
            if (lastSent.size() >= 1000) {
                lastSent.clear();
            }
            lastSent.put(key, now);
            return true;
        }
    }

    /** Sends the report asynchronously when the bundle names a report URI (https, or http on loopback). */
    void send(PinVerdict verdict) {
        Bundle bundle = verdict.bundle();
        if (bundle == null || bundle.reportUri() == null || verdict.domain() == null) {
            return;
        }
        HttpUrl url = HttpUrl.parse(bundle.reportUri());
        if (url == null
                || !(url.isHttps()
                        || url.host().equals("127.0.0.1")
                        || url.host().equals("localhost"))) {
            return;
        }
        Instant now = config.clock.instant();
        Request request = new Request.Builder()
                .url(url)
                .post(RequestBody.create(JSONObjectUtils.toJSONString(body(verdict, now)), JSON))
                .build();
        config.httpClient.newCall(request).enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                // Reports are best effort; the next failure will try again after the interval.
            }

            @Override
            public void onResponse(Call call, Response response) {
                response.close();
            }
        });
    }

    private Map<String, Object> body(PinVerdict verdict, Instant now) {
        Bundle bundle = verdict.bundle();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("date-time", now.truncatedTo(ChronoUnit.SECONDS).toString());
        body.put("hostname", verdict.host());
        body.put("port", verdict.port());
        body.put("effective-expiration-date", bundle.enforcedUntil().toString());
        body.put("include-subdomains", verdict.domain().includeSubdomains());
        body.put("noted-hostname", verdict.domain().host());
        body.put("served-certificate-chain", pem(verdict.served()));
        body.put("validated-certificate-chain", pem(verdict.validated()));
        body.put(
                "known-pins",
                verdict.domain().pins().stream()
                        .map(p -> "pin-sha256=\"" + p + "\"")
                        .collect(Collectors.toList()));
        body.put("app-version", config.appVersion);
        body.put("platform", config.platform);
        body.put("bundle-seq", bundle.seq());
        return body;
    }

    private static List<String> pem(List<X509Certificate> certificates) {
        List<String> result = new ArrayList<>();
        Base64.Encoder encoder = Base64.getMimeEncoder(64, new byte[] {'\n'});
        for (X509Certificate certificate : certificates) {
            try {
                result.add("-----BEGIN CERTIFICATE-----\n" + encoder.encodeToString(certificate.getEncoded())
                        + "\n-----END CERTIFICATE-----\n");
            } catch (CertificateEncodingException e) {
                // skip a certificate that cannot be encoded
            }
        }
        return result;
    }
}
