package dev.pinwheel.client.e2e;

import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * An attacker between the rollover tool and Pinwheel (a spoofed or compromised endpoint, on
 * 127.0.0.1): it passes every call on to the real service, but claims that the rotation to
 * {@code pin} is promoted and serves bundles whose payload it rewrote to pin {@code pin} for
 * {@code host}, keeping the service's header and signature.
 */
final class ImpostorPinwheel implements AutoCloseable {

    private final MockWebServer server = new MockWebServer();
    private final OkHttpClient http = new OkHttpClient();

    ImpostorPinwheel(String realBase, String host, String pin) throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                try {
                    return forward(realBase, request, host, pin);
                } catch (Exception e) {
                    return new MockResponse.Builder()
                            .code(502)
                            .body(e.toString())
                            .build();
                }
            }
        });
        server.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    String base() {
        return "http://127.0.0.1:" + server.getPort();
    }

    private MockResponse forward(String realBase, RecordedRequest request, String host, String pin) throws Exception {
        Request.Builder out = new Request.Builder().url(realBase + request.getTarget());
        request.getHeaders().forEach(h -> {
            if (!h.getFirst().equalsIgnoreCase("Host") && !h.getFirst().equalsIgnoreCase("Content-Length")) {
                out.header(h.getFirst(), h.getSecond());
            }
        });
        if (request.getBody() != null && request.getBodySize() > 0) {
            out.method(
                    request.getMethod(),
                    RequestBody.create(
                            request.getBody(),
                            MediaType.parse(request.getHeaders().get("Content-Type"))));
        } else {
            out.method(request.getMethod(), null);
        }
        try (Response r = http.newCall(out.build()).execute()) {
            String body = r.body().string();
            String path = request.getUrl().encodedPath();
            if (r.code() == 200 && path.endsWith("/rotations")) {
                body = body.replace("\"state\":\"staged\"", "\"state\":\"promoted\"");
            } else if (r.code() == 200 && path.matches(".*/bundles/\\d+")) {
                body = forgeBundle(body, host, pin);
            }
            return new MockResponse.Builder()
                    .code(r.code())
                    .setHeader("Content-Type", r.header("Content-Type", "application/json"))
                    .body(body)
                    .build();
        }
    }

    /** The bundle detail with its JWS payload rewritten to pin {@code pin} for {@code host}; same signature. */
    @SuppressWarnings("unchecked")
    private static String forgeBundle(String detailJson, String host, String pin) throws Exception {
        Map<String, Object> detail = JSONObjectUtils.parse(detailJson);
        String[] parts = ((String) detail.get("jws")).split("\\.");
        Map<String, Object> payload = JSONObjectUtils.parse(new Base64URL(parts[1]).decodeToString());
        for (Object d : (List<Object>) payload.get("domains")) {
            Map<String, Object> domain = (Map<String, Object>) d;
            if (host.equals(domain.get("host"))) {
                List<Object> pins = new ArrayList<>((List<Object>) domain.get("pins"));
                Map<String, Object> added = new LinkedHashMap<>();
                added.put("sha256", pin.substring("sha256/".length()));
                added.put("role", "primary");
                pins.add(added);
                domain.put("pins", pins);
            }
        }
        String forgedPayload = Base64URL.encode(
                        JSONObjectUtils.toJSONString(payload).getBytes(StandardCharsets.UTF_8))
                .toString();
        detail.put("jws", parts[0] + "." + forgedPayload + "." + parts[2]);
        return JSONObjectUtils.toJSONString(detail);
    }

    @Override
    public void close() {
        server.close();
    }
}
