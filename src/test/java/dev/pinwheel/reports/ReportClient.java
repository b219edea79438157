package dev.pinwheel.reports;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.SocketFactory;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;

/**
 * Posts reports as a client would, from its own loopback address (127.x.y.z), so that every
 * client gets its own rate-limit bucket and tests can share one application context.
 */
final class ReportClient {

    /** A response: status, headers, body. */
    record Reply(int statusCode, okhttp3.Headers headers, String body) {
        Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name));
        }
    }

    private final int port;
    private final OkHttpClient http;

    ReportClient(int port) {
        this(port, randomLoopback());
    }

    /** A client whose connections come from {@code local} (a loopback address). */
    ReportClient(int port, InetAddress local) {
        this.port = port;
        this.http = new OkHttpClient.Builder()
                .retryOnConnectionFailure(false)
                .socketFactory(new SocketFactory() {
                    @Override
                    public Socket createSocket() throws IOException {
                        Socket s = new Socket();
                        s.bind(new InetSocketAddress(local, 0));
                        return s;
                    }

                    @Override
                    public Socket createSocket(String host, int port) {
                        throw new UnsupportedOperationException();
                    }

                    @Override
                    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
                        throw new UnsupportedOperationException();
                    }

                    @Override
                    public Socket createSocket(InetAddress host, int port) {
                        throw new UnsupportedOperationException();
                    }

                    @Override
                    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) {
                        throw new UnsupportedOperationException();
                    }
                })
                .build();
    }

    static InetAddress randomLoopback() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        try {
            return InetAddress.getByAddress(
                    new byte[] {127, (byte) r.nextInt(1, 255), (byte) r.nextInt(1, 255), (byte) r.nextInt(2, 255)});
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Posts with extra request headers (e.g. {@code X-Forwarded-For}, {@code Forwarded}). */
    Reply post(String appId, byte[] body, java.util.Map<String, String> headers) throws IOException {
        Request.Builder request = new Request.Builder()
                .url("http://127.0.0.1:" + port + "/v1/apps/" + appId + "/reports")
                .post(RequestBody.create(body, MediaType.get("application/json")));
        headers.forEach(request::header);
        try (Response r = http.newCall(request.build()).execute()) {
            return new Reply(r.code(), r.headers(), r.body().string());
        }
    }

    Reply post(String appId, byte[] body) throws IOException {
        return post(appId, RequestBody.create(body, MediaType.get("application/json")));
    }

    /** Sends the body chunked, without a Content-Length. */
    Reply postStreamed(String appId, byte[] body) throws IOException {
        return post(appId, new RequestBody() {
            @Override
            public MediaType contentType() {
                return MediaType.get("application/json");
            }

            @Override
            public long contentLength() {
                return -1;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                sink.write(body);
            }
        });
    }

    Reply post(String appId, RequestBody body) throws IOException {
        Request request = new Request.Builder()
                .url("http://127.0.0.1:" + port + "/v1/apps/" + appId + "/reports")
                .post(body)
                .build();
        try (Response r = http.newCall(request).execute()) {
            return new Reply(r.code(), r.headers(), r.body().string());
        }
    }
}
