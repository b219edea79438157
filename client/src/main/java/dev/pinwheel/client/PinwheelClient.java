package dev.pinwheel.client;

import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static dev.pinwheel.client.BundleRejectedException.Reason.EXPIRED;
import static dev.pinwheel.client.BundleRejectedException.Reason.ISSUED_BEFORE_LAST_ACCEPTED;
import static dev.pinwheel.client.BundleRejectedException.Reason.MALFORMED;
import static dev.pinwheel.client.BundleRejectedException.Reason.ROLLBACK;
import static dev.pinwheel.client.BundleRejectedException.Reason.TOO_LARGE;

/**
 * Holds the newest good pin bundle of one app and keeps it fresh. Thread-safe; create one per app
 * and share it.
 *
 * <p>Rules (Pinwheel's client rules): a bundle is accepted only when its ES256 signature verifies
 * with a shipped key, its {@code aud} is this app, its {@code seq} is higher than the held one,
 * it has not expired and it was not issued before the held one. Anything else is refused and the
 * held bundle stays. The held bundle is enforced until {@code exp + maxStaleSeconds}; after that
 * the client fails open (ordinary CA validation), tells the {@link PinwheelListener} and reports.
 *
 * <p>Enforce the pins with {@link PinwheelOkHttp#install} or {@link #trustManager}.
 *
 * <p><strong>Warning:</strong> pinning can lock an app out of its own servers. Ship a baseline
 * bundle whose domains carry backup pins, keep the bundle service reachable over ordinary TLS,
 * and never fetch bundles through a client that this library pins.
 */
public final class PinwheelClient implements AutoCloseable {

    private final PinwheelConfig config;
    private final BundleVerifier verifier;
    private final PinReporter reporter;
    private final Object refreshLock = new Object();
    private final AtomicLong failOpenNotified = new AtomicLong(-1);

    private volatile Bundle current;
    private volatile String etag;
    private final MismatchRefreshLimiter mismatchLimiter; // guarded by refreshLock
    private ScheduledExecutorService poller; // guarded by this
    private int consecutiveFailures; // poller thread only
    private volatile X509TrustManager platformTrustManager;
    private final Map<ChainKey, List<X509Certificate>> validatedChains = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ChainKey, List<X509Certificate>> eldest) {
            return size() > 64;
        }
    };

    private PinwheelClient(PinwheelConfig config) {
        this.config = config;
        this.verifier = new BundleVerifier(config.appId, config.trustedJwks);
        this.reporter = new PinReporter(config);
        this.mismatchLimiter = new MismatchRefreshLimiter(config.mismatchRefreshInterval,
                config.mismatchRefreshBudget, config.mismatchRefreshPeriod);
    }

    /**
     * Creates a client holding the better of the stored bundle and the baseline bundle (higher
     * seq; each verified again, expiry not checked since the held bundle is enforced until
     * {@code exp + maxStaleSeconds}). Does not touch the network; call {@link #start()} to poll.
     *
     * @throws IllegalArgumentException when the trusted JWKS holds no usable key
     */
    public static PinwheelClient create(PinwheelConfig config) {
        PinwheelClient client = new PinwheelClient(config);
        client.loadInitialBundle();
        return client;
    }

    private void loadInitialBundle() {
        Bundle baseline = null;
        if (config.baselineBundle != null) {
            baseline = verifyQuietly(config.baselineBundle);
        }
        Bundle stored = null;
        try {
            Optional<String> jws = config.store.load();
            if (jws.isPresent()) {
                stored = verifyQuietly(jws.get());
            }
        } catch (IOException e) {
            notify(() -> config.listener.onStoreFailed(e));
        }
        if (stored != null && (baseline == null || stored.seq() >= baseline.seq())) {
            current = stored;
        } else if (baseline != null) {
            current = baseline;
            save(baseline);
        }
    }

    private Bundle verifyQuietly(String jws) {
        try {
            return verifier.verify(jws);
        } catch (BundleRejectedException e) {
            notify(() -> config.listener.onBundleRejected(e));
            return null;
        }
    }

    /** The held bundle, empty when none was ever accepted (no baseline, nothing stored or fetched). */
    public Optional<Bundle> bundle() {
        return Optional.ofNullable(current);
    }

    /** Whether pins are enforced now: a bundle is held and {@code exp + maxStaleSeconds} has not passed. */
    public boolean isEnforcing() {
        Bundle bundle = current;
        return bundle != null && !isStale(bundle);
    }

    private boolean isStale(Bundle bundle) {
        return config.clock.instant().isAfter(bundle.enforcedUntil());
    }

    /**
     * Verifies {@code jws} and, when it passes every rule, stores it and enforces it from now on.
     *
     * @return true when accepted, false when it is the held bundle's seq again (no change)
     * @throws BundleRejectedException when refused; the held bundle stays in force
     */
    public boolean offer(String jws) throws BundleRejectedException {
        try {
            synchronized (refreshLock) {
                return offerLocked(jws);
            }
        } catch (BundleRejectedException e) {
            notify(() -> config.listener.onBundleRejected(e));
            throw e;
        }
    }

    private boolean offerLocked(String jws) throws BundleRejectedException {
        if (jws.length() > config.maxBundleBytes) {
            throw new BundleRejectedException(TOO_LARGE,
                    "bundle of " + jws.length() + " characters exceeds the maximum of " + config.maxBundleBytes);
        }
        Bundle candidate = verifier.verify(jws);
        Bundle held = current;
        if (held != null && candidate.seq() < held.seq()) {
            throw new BundleRejectedException(ROLLBACK,
                    "bundle seq " + candidate.seq() + " is lower than the held seq " + held.seq());
        }
        if (held != null && candidate.seq() == held.seq()) {
            return false;
        }
        Instant now = config.clock.instant();
        if (!now.isBefore(candidate.expiresAt())) {
            throw new BundleRejectedException(EXPIRED,
                    "bundle seq " + candidate.seq() + " expired at " + candidate.expiresAt());
        }
        if (held != null && candidate.issuedAt().isBefore(held.issuedAt())) {
            throw new BundleRejectedException(ISSUED_BEFORE_LAST_ACCEPTED, "bundle seq " + candidate.seq()
                    + " was issued at " + candidate.issuedAt() + ", before the held bundle (" + held.issuedAt() + ")");
        }
        save(candidate);
        current = candidate;
        mismatchLimiter.bundleChanged();
        notify(() -> config.listener.onBundleAccepted(candidate));
        return true;
    }

    private void save(Bundle bundle) {
        try {
            config.store.save(bundle.jws());
        } catch (IOException | RuntimeException e) {
            IOException error = e instanceof IOException io ? io : new IOException(e);
            notify(() -> config.listener.onStoreFailed(error));
        }
    }

    /**
     * Fetches the bundle now (synchronously, over the configured ordinary client, with
     * If-None-Match) and offers it. Not rate-limited: this is also how tests and apps trigger a poll.
     */
    public RefreshResult refresh() {
        synchronized (refreshLock) {
            return refreshLocked();
        }
    }

    private RefreshResult refreshLocked() {
        Request.Builder request = new Request.Builder().url(config.bundleUrl)
                .header("Accept", "application/jose");
        String knownTag = etag;
        if (knownTag != null && current != null) {
            request.header("If-None-Match", knownTag);
        }
        String jws;
        String responseTag;
        try (Response response = config.httpClient.newCall(request.build()).execute()) {
            if (response.code() == 304) {
                return RefreshResult.NOT_MODIFIED;
            }
            if (response.code() != 200) {
                throw new IOException("bundle fetch answered HTTP " + response.code());
            }
            responseTag = response.header("ETag");
            jws = readCapped(response.body());
        } catch (BundleRejectedException e) {
            notify(() -> config.listener.onBundleRejected(e));
            return RefreshResult.REJECTED;
        } catch (IOException e) {
            notify(() -> config.listener.onFetchFailed(e));
            return RefreshResult.FAILED;
        }
        try {
            boolean accepted = offerLocked(jws);
            etag = responseTag;
            return accepted ? RefreshResult.ACCEPTED : RefreshResult.UNCHANGED;
        } catch (BundleRejectedException e) {
            etag = null;
            notify(() -> config.listener.onBundleRejected(e));
            return RefreshResult.REJECTED;
        }
    }

    private String readCapped(ResponseBody body) throws IOException, BundleRejectedException {
        long max = config.maxBundleBytes;
        if (body.contentLength() > max) {
            throw new BundleRejectedException(TOO_LARGE,
                    "bundle response of " + body.contentLength() + " bytes exceeds the maximum of " + max);
        }
        BufferedSource source = body.source();
        if (source.request(max + 1)) {
            throw new BundleRejectedException(TOO_LARGE, "bundle response exceeds the maximum of " + max + " bytes");
        }
        Buffer buffer = source.getBuffer();
        byte[] bytes = buffer.readByteArray();
        String text = new String(bytes, StandardCharsets.UTF_8).trim();
        if (text.isEmpty()) {
            throw new BundleRejectedException(MALFORMED, "bundle response is empty");
        }
        return text;
    }

    /**
     * Starts polling on a daemon thread: now, then every {@code pollIntervalSeconds} of the held
     * bundle (at least the configured minimum) with jitter, backing off exponentially after
     * failures. Calling it again does nothing.
     */
    public synchronized void start() {
        if (poller != null) {
            return;
        }
        poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "pinwheel-poller-" + config.appId);
            thread.setDaemon(true);
            return thread;
        });
        poller.execute(this::poll);
    }

    private void poll() {
        RefreshResult result;
        try {
            result = refresh();
        } catch (RuntimeException e) {
            result = RefreshResult.FAILED;
        }
        consecutiveFailures = result.succeeded() ? 0 : consecutiveFailures + 1;
        checkFailOpen();
        Bundle bundle = current;
        Duration delay = nextDelay(bundle == null ? null : Duration.ofSeconds(bundle.pollIntervalSeconds()),
                consecutiveFailures, config.random.nextDouble());
        synchronized (this) {
            if (poller != null && !poller.isShutdown()) {
                poller.schedule(this::poll, delay.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    /**
     * The delay before the next poll: the poll interval (at least the configured minimum) after a
     * success, {@code initialBackoff * 2^(failures-1)} capped by the maximum backoff and the poll
     * interval after failures; then spread by ± jitter using {@code random} in [0, 1).
     */
    Duration nextDelay(Duration pollInterval, int failures, double random) {
        Duration interval = pollInterval == null || pollInterval.compareTo(config.minPollInterval) < 0
                ? config.minPollInterval : pollInterval;
        Duration base = interval;
        if (failures > 0) {
            Duration backoff = config.initialBackoff.multipliedBy(1L << Math.min(failures - 1, 30));
            base = min(min(backoff, config.maxBackoff), interval);
        }
        double factor = 1 - config.jitter + 2 * config.jitter * random;
        return Duration.ofMillis(Math.max(1, (long) (base.toMillis() * factor)));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private void checkFailOpen() {
        Bundle bundle = current;
        if (bundle != null && isStale(bundle) && failOpenNotified.getAndSet(bundle.seq()) != bundle.seq()) {
            notify(() -> config.listener.onFailOpen(bundle));
        }
    }

    /** Stops polling. The held bundle stays available and enforced. */
    @Override
    public synchronized void close() {
        if (poller != null) {
            poller.shutdownNow();
        }
    }

    /**
     * An {@link X509TrustManager} that runs {@code delegate} first (chain and, where the socket or
     * engine asks for it, host-name validation) and then checks the held bundle's pins; see
     * {@link PinningTrustManager}.
     */
    public PinningTrustManager trustManager(X509TrustManager delegate) {
        return new PinningTrustManager(this, delegate);
    }

    // ---- enforcement core, shared by the OkHttp integration and the trust manager ----

    PinVerdict check(String host, int port, List<? extends Certificate> servedChain, X509TrustManager anchors) {
        String hostname = Hosts.normalize(host);
        Bundle bundle = current;
        List<X509Certificate> served = PeerChain.x509(servedChain);
        if (bundle == null) {
            return new PinVerdict(PinVerdict.Outcome.NOT_PINNED, hostname, port, null, null, served, served);
        }
        DomainPins domain = bundle.domainFor(hostname).orElse(null);
        if (domain == null) {
            return new PinVerdict(PinVerdict.Outcome.NOT_PINNED, hostname, port, bundle, null, served, served);
        }
        List<X509Certificate> validated = validatedChain(served, anchors != null ? anchors : platformTrustManager());
        if (isStale(bundle)) {
            checkFailOpen();
            PinVerdict verdict = new PinVerdict(PinVerdict.Outcome.FAIL_OPEN, hostname, port, bundle, domain, served,
                    validated);
            if (reporter.admit(verdict)) {
                reporter.send(verdict);
            }
            return verdict;
        }
        for (X509Certificate certificate : validated) {
            if (domain.pins().contains(Pins.of(certificate))) {
                return new PinVerdict(PinVerdict.Outcome.MATCHED, hostname, port, bundle, domain, served, validated);
            }
        }
        return new PinVerdict(PinVerdict.Outcome.MISMATCH, hostname, port, bundle, domain, served, validated);
    }

    /** The chain pins are checked against; cached per trust manager and served chain (hashing and signature checks are not free). */
    private List<X509Certificate> validatedChain(List<X509Certificate> served, X509TrustManager trust) {
        ChainKey key = new ChainKey(trust, served);
        synchronized (validatedChains) {
            List<X509Certificate> cached = validatedChains.get(key);
            if (cached != null) {
                return cached;
            }
        }
        List<X509Certificate> validated = List.copyOf(PeerChain.validated(served,
                trust == null ? new X509Certificate[0] : trust.getAcceptedIssuers()));
        synchronized (validatedChains) {
            validatedChains.put(key, validated);
        }
        return validated;
    }

    private record ChainKey(X509TrustManager trust, List<X509Certificate> served) {
        @Override
        public boolean equals(Object other) {
            return other instanceof ChainKey key && key.trust == trust && key.served.equals(served);
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(trust) * 31 + served.hashCode();
        }
    }

    /**
     * After a refused mismatch ({@code verdict}): refreshes at once unless that host and port had a
     * mismatch refresh within the configured interval since the held bundle was accepted, or the
     * global budget of mismatch refreshes is spent. True when a bundle newer than the one the
     * verdict was checked against is now held (the caller then retries once with it).
     */
    boolean refreshAfterMismatch(PinVerdict verdict) {
        long failedSeq = verdict.bundleSeq();
        String hostPort = verdict.host() + ":" + verdict.port();
        synchronized (refreshLock) {
            Bundle held = current;
            if (held != null && held.seq() > failedSeq) {
                return true;
            }
            if (!mismatchLimiter.tryAcquire(hostPort, config.clock.instant())) {
                return false;
            }
            try {
                refreshLocked();
            } finally {
                mismatchLimiter.refreshed(hostPort, config.clock.instant());
            }
            held = current;
            return held != null && held.seq() > failedSeq;
        }
    }

    /**
     * Final word on a mismatch (after any retry): report it (rate-limited) and tell the listener —
     * for every refused connection, and for a report-mode mismatch as often as it is reported
     * (a report-mode check runs on every request of a connection).
     */
    void concludeMismatch(PinVerdict verdict) {
        if (verdict.outcome() != PinVerdict.Outcome.MISMATCH) {
            return;
        }
        boolean due = reporter.admit(verdict);
        if (due || verdict.refuses()) {
            notify(() -> config.listener.onPinFailure(verdict.failure()));
        }
        if (due) {
            reporter.send(verdict);
        }
    }

    private X509TrustManager platformTrustManager() {
        X509TrustManager trust = platformTrustManager;
        if (trust == null) {
            try {
                TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init((KeyStore) null);
                for (javax.net.ssl.TrustManager candidate : factory.getTrustManagers()) {
                    if (candidate instanceof X509TrustManager x509) {
                        trust = x509;
                    }
                }
            } catch (Exception e) {
                return null;
            }
            platformTrustManager = trust;
        }
        return trust;
    }

    private static void notify(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException ignored) {
            // A listener must not break pinning.
        }
    }
}
