package dev.pinwheel.client;

import static dev.pinwheel.client.BundleRejectedException.Reason.EXPIRED;
import static dev.pinwheel.client.BundleRejectedException.Reason.ISSUED_BEFORE_LAST_ACCEPTED;
import static dev.pinwheel.client.BundleRejectedException.Reason.MALFORMED;
import static dev.pinwheel.client.BundleRejectedException.Reason.ROLLBACK;
import static dev.pinwheel.client.BundleRejectedException.Reason.TOO_LARGE;
import static dev.pinwheel.client.BundleRejectedException.Reason.TRUST_UNAVAILABLE;

import com.nimbusds.jose.JWSObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

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

    private final TrustRoot startRoot; // null with directly trusted keys (tooling)
    private final KeySet directKeys; // non-null only with directly trusted keys
    private final Instant anchorWall;
    private final long anchorNanos;
    private volatile TrustState state;
    private volatile String etag;
    private final MismatchRefreshLimiter mismatchLimiter; // guarded by refreshLock
    private final MismatchRefreshLimiter keySetLimiter; // guarded by refreshLock
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
        this.verifier = new BundleVerifier(config.appId);
        this.reporter = new PinReporter(config);
        this.mismatchLimiter = new MismatchRefreshLimiter(
                config.mismatchRefreshInterval, config.mismatchRefreshBudget, config.mismatchRefreshPeriod);
        this.keySetLimiter = new MismatchRefreshLimiter(
                config.keySetRefreshInterval, config.keySetRefreshBudget, config.keySetRefreshPeriod);
        this.anchorWall = config.clock.instant();
        this.anchorNanos = config.nanoTime.getAsLong();
        if (config.trustedJwks != null) {
            this.directKeys = BundleVerifier.directKeys(config.trustedJwks);
            this.startRoot = null;
        } else if (config.rootKeys != null) {
            this.directKeys = null;
            this.startRoot = TrustVerifier.configuredRoot(config.rootKeys, config.rootThreshold, config.rootVersion);
        } else {
            this.directKeys = null;
            try {
                this.startRoot = TrustVerifier.shippedRoot(config.rootDocument);
            } catch (BundleRejectedException e) {
                throw new IllegalArgumentException("the shipped root document is refused: " + e.getMessage());
            }
        }
    }

    /**
     * Creates a client holding the better of the stored state and the shipped baseline (root, key
     * set, bundle: the stored one when its bundle's seq is not lower and its key set not older),
     * each verified again from the configured root (expiry not checked: the held bundle is
     * enforced until {@code exp + maxStaleSeconds}). Does not touch the network; call
     * {@link #start()} to poll.
     *
     * @throws IllegalArgumentException when the root keys, shipped root or trusted JWKS are unusable
     */
    public static PinwheelClient create(PinwheelConfig config) {
        PinwheelClient client = new PinwheelClient(config);
        client.loadInitialState();
        return client;
    }

    private void loadInitialState() {
        TrustState base = baselineState();
        TrustState stored = storedState(base);
        if (stored != null
                && seq(stored.bundle) >= seq(base.bundle)
                && version(stored.keySet) >= version(base.keySet)) {
            state = stored;
        } else {
            state = base;
            if (base.bundle != null || (base.keySet != null && base.keySet.document != null)) {
                save(base);
            }
        }
    }

    private TrustState baselineState() {
        if (directKeys != null) {
            return new TrustState(
                    null, Collections.emptyList(), directKeys, verifyQuietly(config.baselineBundle, directKeys));
        }
        KeySet keySet = null;
        if (config.baselineKeySet != null) {
            try {
                keySet = TrustVerifier.keySet(config.baselineKeySet, startRoot, null, null);
            } catch (BundleRejectedException e) {
                notify(() -> config.listener.onBundleRejected(e));
            }
        }
        return new TrustState(startRoot, Collections.emptyList(), keySet, verifyQuietly(config.baselineBundle, keySet));
    }

    /** The stored state verified again from the configured root, or null when there is none or any part of it is refused. */
    private TrustState storedState(TrustState base) {
        TrustState.Stored stored;
        try {
            Optional<String> text = config.store.load();
            if (!text.isPresent() || text.get().trim().isEmpty()) {
                return null;
            }
            stored = TrustState.Stored.parse(text.get());
        } catch (IOException | java.text.ParseException | RuntimeException e) {
            IOException error =
                    e instanceof IOException io ? io : new IOException("stored state is unreadable: " + e.getMessage());
            notify(() -> config.listener.onStoreFailed(error));
            return null;
        }
        try {
            TrustRoot root = base.root;
            List<String> chain = new ArrayList<>();
            KeySet keySet = base.keySet;
            if (root != null) {
                for (String document : stored.roots()) {
                    root = nextStep(root, document);
                    if (root.document != null && root.document.equals(document.trim())) {
                        chain.add(root.document);
                    }
                }
                if (stored.keySet() != null) {
                    keySet = TrustVerifier.keySet(stored.keySet(), root, null, null);
                }
            }
            Bundle bundle = stored.bundle() == null ? null : verifier.verify(stored.bundle(), keySet);
            return new TrustState(root, chain, keySet, bundle);
        } catch (BundleRejectedException e) {
            notify(() -> config.listener.onBundleRejected(e));
            return null;
        }
    }

    /**
     * One step of the root chain from {@code root}: its own signed document, or the next version.
     * A stored version at or below the one the configuration starts from (an app update shipping a
     * newer root) is skipped.
     */
    private static TrustRoot nextStep(TrustRoot root, String document) throws BundleRejectedException {
        try {
            return root.document == null
                    ? TrustVerifier.configuredRootDocument(document, root)
                    : TrustVerifier.nextRoot(document, root);
        } catch (BundleRejectedException e) {
            if (e.reason() == BundleRejectedException.Reason.ROOT_ROLLBACK) {
                return root;
            }
            throw e;
        }
    }

    private static long seq(Bundle bundle) {
        return bundle == null ? 0 : bundle.seq();
    }

    private static long version(KeySet keySet) {
        return keySet == null ? -1 : keySet.version;
    }

    private Bundle verifyQuietly(String jws, KeySet keySet) {
        if (jws == null) {
            return null;
        }
        try {
            return verifier.verify(jws, keySet);
        } catch (BundleRejectedException e) {
            notify(() -> config.listener.onBundleRejected(e));
            return null;
        }
    }

    /** The held bundle, empty when none was ever accepted (no baseline, nothing stored or fetched). */
    public Optional<Bundle> bundle() {
        return Optional.ofNullable(state.bundle);
    }

    /** The version of the held root (0 with directly trusted keys). */
    public long rootVersion() {
        TrustRoot root = state.root;
        return root == null ? 0 : root.version;
    }

    /** The version of the held verified key set, 0 when none is held yet. */
    public long keySetVersion() {
        KeySet keySet = state.keySet;
        return keySet == null ? 0 : keySet.version;
    }

    /** Whether pins are enforced now: a bundle is held and it is not stale (see {@link #isStale}). */
    public boolean isEnforcing() {
        Bundle bundle = state.bundle;
        return bundle != null && !isStale(bundle);
    }

    /**
     * Stale (pins no longer enforced) only when BOTH the wall clock and the monotonic clock say
     * {@code exp + maxStaleSeconds} has passed. The monotonic reading is the wall clock at this
     * client's creation plus the monotonic time elapsed since: a wall clock moved forward that the
     * elapsed time does not explain cannot switch pinning off; only a newer verified bundle or the
     * time really passing can.
     */
    private boolean isStale(Bundle bundle) {
        Instant until = bundle.enforcedUntil();
        return config.clock.instant().isAfter(until) && monotonicNow().isAfter(until);
    }

    private Instant monotonicNow() {
        return anchorWall.plusNanos(config.nanoTime.getAsLong() - anchorNanos);
    }

    /**
     * Verifies {@code jws} and, when it passes every rule, stores it and enforces it from now on.
     * When its kid is not in the held key set, this fetches the key set (and root versions) over
     * the configured HTTP client first, on the calling thread.
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
            throw new BundleRejectedException(
                    TOO_LARGE,
                    "bundle of " + jws.length() + " characters exceeds the maximum of " + config.maxBundleBytes);
        }
        JWSObject parsed = verifier.parse(jws);
        String kid = parsed.getHeader().getKeyID();
        Instant now = config.clock.instant();
        TrustState held = state;
        TrustState trust = held;
        if (held.root != null && (held.keySet == null || !held.keySet.lists(kid) || held.keySet.expired(now))) {
            trust = updateTrust(held, kid, now);
            if (trust != held && (held.bundle == null || trust.keySet.lists(kidOf(held.bundle)))) {
                commit(trust.withBundle(held.bundle)); // the held bundle still verifies under the new key set
            }
        }
        Bundle candidate = verifier.verify(parsed, trust.keySet);
        Bundle heldBundle = held.bundle;
        if (heldBundle != null && candidate.seq() < heldBundle.seq()) {
            throw new BundleRejectedException(
                    ROLLBACK, "bundle seq " + candidate.seq() + " is lower than the held seq " + heldBundle.seq());
        }
        if (heldBundle != null && candidate.seq() == heldBundle.seq()) {
            return false;
        }
        if (!now.isBefore(candidate.expiresAt())) {
            throw new BundleRejectedException(
                    EXPIRED, "bundle seq " + candidate.seq() + " expired at " + candidate.expiresAt());
        }
        if (heldBundle != null && candidate.issuedAt().isBefore(heldBundle.issuedAt())) {
            throw new BundleRejectedException(
                    ISSUED_BEFORE_LAST_ACCEPTED,
                    "bundle seq " + candidate.seq() + " was issued at " + candidate.issuedAt()
                            + ", before the held bundle (" + heldBundle.issuedAt() + ")");
        }
        commit(trust.withBundle(candidate));
        mismatchLimiter.bundleChanged();
        notify(() -> config.listener.onBundleAccepted(candidate));
        return true;
    }

    /**
     * The bundle's kid is not in the held key set (or none is held, or it expired): fetches the
     * key set, walks the root chain up to the root version it is signed under (fetching each
     * version in turn, each verified against the one before), and verifies it. Rate-limited per
     * kid and globally. Nothing is held or stored here; the caller commits.
     */
    private TrustState updateTrust(TrustState held, String kid, Instant now) throws BundleRejectedException {
        String mark = kid == null ? "(no kid)" : kid;
        if (!keySetLimiter.tryAcquire(mark, now)) {
            throw new BundleRejectedException(
                    TRUST_UNAVAILABLE,
                    "the bundle's kid " + kid + " is not in the held "
                            + (held.keySet == null ? "trust state" : held.keySet.toString())
                            + " and the key set may not be fetched again yet (rate limit)");
        }
        try {
            String document = fetchTrust("key-set");
            long claimedRoot = TrustVerifier.claimedRootVersion(document);
            TrustRoot root = held.root;
            List<String> chain = new ArrayList<>(held.rootChain);
            if (root.document == null) {
                root = TrustVerifier.configuredRootDocument(fetchTrust("roots/" + root.version), root);
                chain.add(root.document);
            }
            while (root.version < claimedRoot) {
                root = TrustVerifier.nextRoot(fetchTrust("roots/" + (root.version + 1)), root);
                chain.add(root.document);
            }
            KeySet keySet = TrustVerifier.keySet(document, root, held.keySet, now);
            if (keySet == held.keySet
                    && root.version == held.root.version
                    && root.document != null
                    && held.root.document != null) {
                return held;
            }
            return new TrustState(root, chain, keySet, held.bundle);
        } finally {
            keySetLimiter.refreshed(mark, now);
        }
    }

    private String fetchTrust(String path) throws BundleRejectedException {
        okhttp3.HttpUrl url = config.trustUrl.resolve(path);
        Request request = new Request.Builder()
                .url(url)
                .header("Accept", "application/jose+json")
                .build();
        try (Response response = config.httpClient.newCall(request).execute()) {
            if (response.code() != 200) {
                throw new BundleRejectedException(
                        TRUST_UNAVAILABLE, "GET " + url + " answered HTTP " + response.code());
            }
            return readCapped(response.body());
        } catch (IOException e) {
            throw new BundleRejectedException(TRUST_UNAVAILABLE, "GET " + url + " failed: " + e.getMessage());
        }
    }

    private static String kidOf(Bundle bundle) {
        try {
            return JWSObject.parse(bundle.jws()).getHeader().getKeyID();
        } catch (java.text.ParseException e) {
            return null;
        }
    }

    /** Holds and stores {@code next} (root, key set and bundle in one write); a new key set lets every kid fetch again. */
    private void commit(TrustState next) {
        TrustState previous = state;
        save(next);
        state = next;
        if (previous.keySet != next.keySet) {
            keySetLimiter.bundleChanged();
        }
    }

    private void save(TrustState next) {
        try {
            config.store.save(next.serialize());
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
        Request.Builder request = new Request.Builder().url(config.bundleUrl).header("Accept", "application/jose");
        String knownTag = etag;
        if (knownTag != null && state.bundle != null) {
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
            if (e.reason() == BundleRejectedException.Reason.TRUST_UNAVAILABLE) {
                IOException error = new IOException(e.getMessage());
                notify(() -> config.listener.onFetchFailed(error));
                return RefreshResult.FAILED;
            }
            notify(() -> config.listener.onBundleRejected(e));
            return RefreshResult.REJECTED;
        }
    }

    private String readCapped(ResponseBody body) throws IOException, BundleRejectedException {
        long max = config.maxBundleBytes;
        if (body.contentLength() > max) {
            throw new BundleRejectedException(
                    TOO_LARGE, "bundle response of " + body.contentLength() + " bytes exceeds the maximum of " + max);
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

    @SuppressWarnings("FutureReturnValueIgnored") // poll() catches its own failures; nothing waits for the next one
    private void poll() {
        RefreshResult result;
        try {
            result = refresh();
        } catch (RuntimeException e) {
            result = RefreshResult.FAILED;
        }
        consecutiveFailures = result.succeeded() ? 0 : consecutiveFailures + 1;
        checkFailOpen();
        Bundle bundle = state.bundle;
        Duration delay = nextDelay(
                bundle == null ? null : Duration.ofSeconds(bundle.pollIntervalSeconds()),
                consecutiveFailures,
                config.random.nextDouble());
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
                ? config.minPollInterval
                : pollInterval;
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
        Bundle bundle = state.bundle;
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
        Bundle bundle = state.bundle;
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
            PinVerdict verdict =
                    new PinVerdict(PinVerdict.Outcome.FAIL_OPEN, hostname, port, bundle, domain, served, validated);
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
        List<X509Certificate> validated = Collections.unmodifiableList(new ArrayList<>(
                PeerChain.validated(served, trust == null ? new X509Certificate[0] : trust.getAcceptedIssuers())));
        synchronized (validatedChains) {
            validatedChains.put(key, validated);
        }
        return validated;
    }

    private static final class ChainKey {

        private final X509TrustManager trust;
        private final List<X509Certificate> served;

        ChainKey(X509TrustManager trust, List<X509Certificate> served) {
            this.trust = trust;
            this.served = served;
        }

        @Override
        public String toString() {
            return "ChainKey[trust=" + trust + ", served=" + served + "]";
        }

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
            Bundle held = state.bundle;
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
            held = state.bundle;
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
                TrustManagerFactory factory =
                        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
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
