package dev.pinwheel.client.e2e;

import static org.awaitility.Awaitility.await;

import dev.pinwheel.client.PinMismatchException;
import dev.pinwheel.client.PinwheelClient;
import dev.pinwheel.client.PinwheelOkHttp;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The app's connections: one {@link OkHttpClient}, built once with Pinwheel installed, calling the
 * genuine server and the MITM, one round at a time or continuously on a background thread. Every
 * call opens a new TLS connection ({@code Connection: close}), so every call is a handshake checked
 * against the pins the client holds at that moment.
 */
final class AppTraffic implements AutoCloseable {

    private final AppEndpoints site;
    private final Timeline timeline;
    private final OkHttpClient http;
    private final AtomicInteger rounds = new AtomicInteger();
    private final AtomicInteger genuineRetries = new AtomicInteger();
    private final AtomicReference<String> lastServedBy = new AtomicReference<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private Thread thread;

    AppTraffic(AppEndpoints site, PinwheelClient pinwheel, Timeline timeline) {
        this.site = site;
        this.timeline = timeline;
        OkHttpClient.Builder builder = site.appHttp()
                // counts network attempts per call (runs before Pinwheel's own network interceptor)
                .addNetworkInterceptor(chain -> {
                    AtomicInteger attempts = chain.request().tag(AtomicInteger.class);
                    if (attempts != null) {
                        attempts.incrementAndGet();
                    }
                    return chain.proceed(chain.request());
                });
        this.http = PinwheelOkHttp.install(builder, pinwheel).build();
    }

    /** Calls the genuine server once; the number of network attempts it took (0 when it failed before connecting). */
    int genuine() {
        AtomicInteger attempts = new AtomicInteger();
        try (Response r = http.newCall(request(site.genuineUrl(), attempts)).execute()) {
            String servedBy = r.body().string();
            lastServedBy.set(servedBy);
            if (attempts.get() > 1) {
                genuineRetries.incrementAndGet();
            }
            timeline.genuine(
                    r.isSuccessful() ? Timeline.Result.OK : Timeline.Result.FAILED,
                    servedBy + (attempts.get() > 1 ? " after refresh+retry" : ""));
        } catch (IOException e) {
            timeline.genuine(Timeline.Result.FAILED, null);
            timeline.note("genuine server call FAILED: " + e);
        }
        return attempts.get();
    }

    /** Calls the MITM once. */
    void mitm() {
        call(site.mitmUrl(), "MITM");
    }

    /** Calls a server directly (not through the genuine front door), recorded like a MITM call. */
    void direct(String url, String what) {
        if (call(url, what)) {
            timeline.note(what + ": refused by the pin check (" + url + ")");
        }
    }

    /** True when the pin check refused the call. */
    private boolean call(String url, String what) {
        try (Response r = http.newCall(request(url, new AtomicInteger())).execute()) {
            r.body().string();
            timeline.mitm(Timeline.Result.ACCEPTED);
            timeline.note(what + " ACCEPTED (HTTP " + r.code() + ")");
        } catch (PinMismatchException e) {
            timeline.mitm(Timeline.Result.REFUSED_BY_PIN);
            return true;
        } catch (IOException e) {
            timeline.mitm(Timeline.Result.ERROR);
            timeline.note(what + " call failed other than by the pin check: " + e);
        }
        return false;
    }

    private static Request request(String url, AtomicInteger attempts) {
        return new Request.Builder()
                .url(url)
                .header("Connection", "close")
                .tag(AtomicInteger.class, attempts)
                .build();
    }

    /** One genuine call and one MITM call, again and again (100 ms apart) until closed. */
    void startContinuous() {
        running.set(true);
        thread = new Thread(
                () -> {
                    while (running.get()) {
                        genuine();
                        mitm();
                        rounds.incrementAndGet();
                        try {
                            Thread.sleep(100); // pacing of the app's traffic, not a wait for a condition
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "e2e-app-traffic");
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits until {@code n} more rounds of continuous traffic have completed. */
    void awaitRounds(int n) {
        int target = rounds.get() + n;
        await().atMost(Duration.ofSeconds(60)).until(() -> rounds.get() >= target);
    }

    /** Waits until the genuine server answered from {@code key} ("A" or "B"). */
    void awaitServedBy(String key) {
        lastServedBy.set(null);
        await().atMost(Duration.ofSeconds(30)).until(() -> key.equals(lastServedBy.get()));
    }

    int genuineRetries() {
        return genuineRetries.get();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        if (thread != null) {
            thread.join(Duration.ofSeconds(30).toMillis());
        }
    }
}
