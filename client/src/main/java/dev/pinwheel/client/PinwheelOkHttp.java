package dev.pinwheel.client;

import java.io.IOException;
import java.util.Objects;
import okhttp3.Connection;
import okhttp3.Handshake;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Enforces a {@link PinwheelClient}'s pins on an {@link OkHttpClient}. The pins follow the newest
 * accepted bundle on every request: the OkHttpClient is never rebuilt.
 *
 * <pre>{@code
 * OkHttpClient http = PinwheelOkHttp.install(new OkHttpClient.Builder(), pinwheel).build();
 * }</pre>
 *
 * <p>Two interceptors are added. A network interceptor runs once the connection is established,
 * that is after OkHttp's ordinary chain and host-name validation, and before the request is sent:
 * it checks the handshake's validated chain against the pins of the request's host and throws
 * {@link PinMismatchException} on a mismatch in an enforced domain (report mode: reports and
 * lets the request through). An application interceptor catches that, refreshes the bundle at
 * once (rate-limited per host and port, and globally) and, when a newer bundle arrived, retries
 * the call once with its pins; if that fails too, or no newer bundle came, it reports and fails
 * the call.
 *
 * <p><strong>Warning:</strong> do not use the pinned client to fetch bundles or send reports;
 * {@link PinwheelConfig.Builder#httpClient} takes an ordinary one.
 */
public final class PinwheelOkHttp {

    private PinwheelOkHttp() {}

    /** Adds the retry (application) and the pin check (network) interceptors to {@code builder}. */
    public static OkHttpClient.Builder install(OkHttpClient.Builder builder, PinwheelClient client) {
        Objects.requireNonNull(client, "client");
        return builder.addInterceptor(new RetryOnMismatch(client)).addNetworkInterceptor(new PinCheck(client));
    }

    private static final class PinCheck implements Interceptor {
        private final PinwheelClient client;

        PinCheck(PinwheelClient client) {
            this.client = client;
        }

        @Override
        public Response intercept(Chain chain) throws IOException {
            Connection connection = chain.connection();
            Handshake handshake = connection == null ? null : connection.handshake();
            if (handshake != null) {
                Request request = chain.request();
                PinVerdict verdict = client.check(
                        request.url().host(),
                        request.url().port(),
                        handshake.peerCertificates(),
                        chain.getX509TrustManagerOrNull());
                if (verdict.refuses()) {
                    throw new PinMismatchException(verdict);
                }
                client.concludeMismatch(verdict); // report mode: reported and allowed
            }
            return chain.proceed(chain.request());
        }
    }

    private static final class RetryOnMismatch implements Interceptor {
        private final PinwheelClient client;

        RetryOnMismatch(PinwheelClient client) {
            this.client = client;
        }

        @Override
        public Response intercept(Chain chain) throws IOException {
            try {
                return chain.proceed(chain.request());
            } catch (PinMismatchException first) {
                if (!client.refreshAfterMismatch(first.verdict())) {
                    client.concludeMismatch(first.verdict());
                    throw first;
                }
                try {
                    return chain.proceed(chain.request());
                } catch (PinMismatchException second) {
                    client.concludeMismatch(second.verdict());
                    throw second;
                }
            }
        }
    }
}
