package dev.pinwheel.client;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Everything a {@link PinwheelClient} needs; build one with {@link #builder()}. Immutable.
 *
 * <p>Required: the app id (the {@code aud} of its bundles), the bundle URL and the root of trust
 * shipped in the app: {@link Builder#rootKeys} (root public keys, threshold, root version) or
 * {@link Builder#rootDocument} (a signed root document). The client trusts a bundle-signing key
 * only when a key set signed by the root lists it. Strongly recommended: a baseline key set and
 * bundle (so the first launch is pinned) and a {@link FileBundleStore}.
 */
public final class PinwheelConfig {

    final String appId;
    final HttpUrl bundleUrl;
    final String trustedJwks;
    final String rootKeys;
    final int rootThreshold;
    final long rootVersion;
    final String rootDocument;
    final String baselineKeySet;
    final HttpUrl trustUrl;
    final java.util.function.LongSupplier nanoTime;
    final Duration keySetRefreshInterval;
    final int keySetRefreshBudget;
    final Duration keySetRefreshPeriod;
    final String baselineBundle;
    final BundleStore store;
    final Clock clock;
    final String appVersion;
    final String platform;
    final PinwheelListener listener;
    final OkHttpClient httpClient;
    final long maxBundleBytes;
    final Duration minPollInterval;
    final Duration initialBackoff;
    final Duration maxBackoff;
    final double jitter;
    final Duration mismatchRefreshInterval;
    final int mismatchRefreshBudget;
    final Duration mismatchRefreshPeriod;
    final Duration reportInterval;
    final Random random;

    private PinwheelConfig(Builder b) {
        this.appId = require(b.appId, "appId");
        this.bundleUrl = require(b.bundleUrl, "bundleUrl");
        int roots = (b.rootKeys != null ? 1 : 0) + (b.rootDocument != null ? 1 : 0) + (b.trustedJwks != null ? 1 : 0);
        if (roots != 1) {
            throw new IllegalStateException(
                    roots == 0
                            ? "rootKeys or rootDocument is required"
                            : "set only one of rootKeys, rootDocument and trustedJwks");
        }
        if (b.baselineBundle != null && b.trustedJwks == null && b.baselineKeySet == null) {
            throw new IllegalStateException("a baseline bundle needs the baseline key set that lists its key");
        }
        this.trustedJwks = b.trustedJwks;
        this.rootKeys = b.rootKeys;
        this.rootThreshold = b.rootThreshold;
        this.rootVersion = b.rootVersion;
        this.rootDocument = b.rootDocument;
        this.baselineKeySet = b.baselineKeySet;
        this.trustUrl = b.trustUrl != null ? b.trustUrl : defaultTrustUrl(bundleUrl);
        this.nanoTime = b.nanoTime;
        this.keySetRefreshInterval = b.keySetRefreshInterval;
        this.keySetRefreshBudget = b.keySetRefreshBudget;
        this.keySetRefreshPeriod = b.keySetRefreshPeriod;
        this.baselineBundle = b.baselineBundle;
        this.store = b.store;
        this.clock = b.clock;
        this.appVersion = b.appVersion;
        this.platform = b.platform;
        this.listener = b.listener;
        this.httpClient = b.httpClient != null
                ? b.httpClient
                : new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(30)).build();
        this.maxBundleBytes = b.maxBundleBytes;
        this.minPollInterval = b.minPollInterval;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.jitter = b.jitter;
        this.mismatchRefreshInterval = b.mismatchRefreshInterval;
        this.mismatchRefreshBudget = b.mismatchRefreshBudget;
        this.mismatchRefreshPeriod = b.mismatchRefreshPeriod;
        this.reportInterval = b.reportInterval;
        this.random = b.random;
    }

    /** {@code <prefix>/v1/trust/} next to {@code <prefix>/v1/apps/<app>/bundle}; the bundle URL's origin otherwise. */
    private static HttpUrl defaultTrustUrl(HttpUrl bundleUrl) {
        String path = bundleUrl.encodedPath();
        int apps = path.indexOf("/v1/apps/");
        String prefix = apps < 0 ? "" : path.substring(0, apps);
        return bundleUrl
                .newBuilder()
                .encodedPath(prefix + "/v1/trust/")
                .query(null)
                .fragment(null)
                .build();
    }

    private static <T> T require(T value, String name) {
        if (value == null) {
            throw new IllegalStateException(name + " is required");
        }
        return value;
    }

    /** A builder with the defaults documented on its setters. */
    public static Builder builder() {
        return new Builder();
    }

    /** The app id, also the required {@code aud} of every bundle. */
    public String appId() {
        return appId;
    }

    /** Builds a {@link PinwheelConfig}. Not thread-safe. */
    public static final class Builder {
        private String appId;
        private HttpUrl bundleUrl;
        private String trustedJwks;
        private String rootKeys;
        private int rootThreshold;
        private long rootVersion;
        private String rootDocument;
        private String baselineKeySet;
        private HttpUrl trustUrl;
        private java.util.function.LongSupplier nanoTime = System::nanoTime;
        private Duration keySetRefreshInterval = Duration.ofSeconds(30);
        private int keySetRefreshBudget = 10;
        private Duration keySetRefreshPeriod = Duration.ofHours(1);
        private String baselineBundle;
        private BundleStore store = BundleStore.inMemory();
        private Clock clock = Clock.systemUTC();
        private String appVersion = "unknown";
        private String platform = defaultPlatform();
        private PinwheelListener listener = new PinwheelListener() {};
        private OkHttpClient httpClient;
        private long maxBundleBytes = 1024 * 1024;
        private Duration minPollInterval = Duration.ofSeconds(60);
        private Duration initialBackoff = Duration.ofSeconds(30);
        private Duration maxBackoff = Duration.ofHours(1);
        private double jitter = 0.1;
        private Duration mismatchRefreshInterval = Duration.ofSeconds(10);
        private int mismatchRefreshBudget = 4;
        private Duration mismatchRefreshPeriod = Duration.ofMinutes(1);
        private Duration reportInterval = Duration.ofMinutes(10);
        private Random random = new Random();

        private Builder() {}

        /** Required: the app id; only bundles whose {@code aud} is this id are accepted. */
        public Builder appId(String appId) {
            if (appId == null || appId.trim().isEmpty()) {
                throw new IllegalArgumentException("appId must not be blank");
            }
            this.appId = appId;
            return this;
        }

        /**
         * Required: where the bundle is fetched, normally {@code https://<service>/v1/apps/<appId>/bundle}.
         * Must be https; plain http is allowed only for a loopback host (tests, a local proxy).
         */
        public Builder bundleUrl(String url) {
            HttpUrl parsed = HttpUrl.parse(url);
            if (parsed == null) {
                throw new IllegalArgumentException("bundleUrl is not an http(s) URL: " + url);
            }
            if (!parsed.isHttps() && !isLoopback(parsed.host())) {
                throw new IllegalArgumentException("bundleUrl must use https (plain http only for loopback)");
            }
            this.bundleUrl = parsed;
            return this;
        }

        /**
         * The root of trust shipped in the app: the root public keys (a JWKS, e.g. the {@code keys}
         * of the service's root document, or the operator tool's public key export), how many of
         * them must sign ({@code threshold}) and the root version they belong to. The client fetches
         * that version's signed document once to learn its issuer and expiry.
         */
        public Builder rootKeys(String jwks, int threshold, long version) {
            this.rootKeys = Objects.requireNonNull(jwks, "jwks");
            this.rootThreshold = threshold;
            this.rootVersion = version;
            TrustVerifier.configuredRoot(jwks, threshold, version); // fail at configuration time
            return this;
        }

        /** {@link #rootKeys(String, int, long)} of root version 1. */
        public Builder rootKeys(String jwks, int threshold) {
            return rootKeys(jwks, threshold, 1);
        }

        /**
         * The root of trust shipped in the app as a signed root document ({@code GET /v1/trust/roots/latest}
         * at release time); it must carry a threshold of its own keys' signatures. Instead of {@link #rootKeys}.
         */
        public Builder rootDocument(String document) {
            this.rootDocument = Objects.requireNonNull(document, "document");
            return this;
        }

        /**
         * Optional: the key set shipped in the app ({@code GET /v1/trust/key-set} at release time),
         * verified against the shipped root; lets the baseline bundle be verified offline.
         */
        public Builder baselineKeySet(String document) {
            this.baselineKeySet = document;
            return this;
        }

        /**
         * Where the key set and root versions are fetched ({@code key-set}, {@code roots/{version}}
         * below it); default {@code /v1/trust/} on the bundle URL's service. Same rules as the bundle URL.
         */
        public Builder trustUrl(String url) {
            HttpUrl parsed = HttpUrl.parse(url.endsWith("/") ? url : url + "/");
            if (parsed == null || (!parsed.isHttps() && !isLoopback(parsed.host()))) {
                throw new IllegalArgumentException("trustUrl must be an https URL (plain http only for loopback)");
            }
            this.trustUrl = parsed;
            return this;
        }

        /**
         * The monotonic clock in nanoseconds (default {@code System::nanoTime}): within one process,
         * staleness needs this clock to agree with the wall clock, so a wall clock moved forward
         * cannot switch pinning off. Tests pass a fake.
         */
        public Builder monotonicClock(java.util.function.LongSupplier nanoTime) {
            this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
            return this;
        }

        /**
         * Fetches of the key set caused by a bundle whose kid the held key set does not list (or an
         * expired held key set): at most one per kid per {@code interval} while the held key set stays
         * the same (default 30 s), and at most {@code fetches} per {@code period} over all kids
         * (default 10 per hour, a token bucket).
         */
        public Builder keySetRefreshLimits(Duration interval, int fetches, Duration period) {
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative() || fetches < 1) {
                throw new IllegalArgumentException("interval must not be negative and fetches must be positive");
            }
            positive(period, "period");
            this.keySetRefreshInterval = interval;
            this.keySetRefreshBudget = fetches;
            this.keySetRefreshPeriod = period;
            return this;
        }

        /**
         * Trusts the bundle-signing keys of a JWKS directly, with no root and no key set: such a
         * client can never follow a signing-key rotation.
         *
         * @deprecated for tooling only (for instance {@link BundleCheck}); apps ship roots with
         *             {@link #rootKeys} or {@link #rootDocument}
         */
        @Deprecated
        public Builder trustedJwks(String jwks) {
            this.trustedJwks = Objects.requireNonNull(jwks, "jwks");
            return this;
        }

        /** Optional: the bundle shipped inside the app (compact JWS), enforced until a newer one is fetched. */
        public Builder baselineBundle(String jws) {
            this.baselineBundle = jws;
            return this;
        }

        /** Where the last good bundle is kept across restarts; default in memory only. */
        public Builder store(BundleStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /** The wall clock for {@code exp}, {@code iat}, staleness (with {@link #monotonicClock}) and rate limits; default the system UTC clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Sent in reports as {@code app-version}; default "unknown". */
        public Builder appVersion(String appVersion) {
            this.appVersion = Objects.requireNonNull(appVersion, "appVersion");
            return this;
        }

        /** Sent in reports as {@code platform}; default "android" or "jvm/&lt;java version&gt;". */
        public Builder platform(String platform) {
            this.platform = Objects.requireNonNull(platform, "platform");
            return this;
        }

        /** Told about accepted and rejected bundles, fetch failures, pin failures and fail-open. */
        public Builder listener(PinwheelListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * The client used to fetch bundles and send reports. It must validate TLS the ordinary way
         * and must NOT be a client pinned by this library (a bad pin would then block its own fix).
         * Default: a new OkHttpClient with a 30 s call timeout.
         */
        public Builder httpClient(OkHttpClient httpClient) {
            this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
            return this;
        }

        /** Larger bundle responses are refused without being read further; default 1 MiB. */
        public Builder maxBundleBytes(long maxBundleBytes) {
            if (maxBundleBytes < 1) {
                throw new IllegalArgumentException("maxBundleBytes must be positive");
            }
            this.maxBundleBytes = maxBundleBytes;
            return this;
        }

        /** The shortest poll interval honoured whatever a bundle asks; default 60 s. */
        public Builder minPollInterval(Duration minPollInterval) {
            this.minPollInterval = positive(minPollInterval, "minPollInterval");
            return this;
        }

        /** First delay after a failed poll, doubled on each further failure; default 30 s. */
        public Builder initialBackoff(Duration initialBackoff) {
            this.initialBackoff = positive(initialBackoff, "initialBackoff");
            return this;
        }

        /** Longest delay after failures (also never more than the poll interval); default 1 h. */
        public Builder maxBackoff(Duration maxBackoff) {
            this.maxBackoff = positive(maxBackoff, "maxBackoff");
            return this;
        }

        /** Random spread of each delay, as a fraction (0.1 = ±10 %); default 0.1. */
        public Builder jitter(double jitter) {
            if (jitter < 0 || jitter >= 1) {
                throw new IllegalArgumentException("jitter must be in [0, 1)");
            }
            this.jitter = jitter;
            return this;
        }

        /**
         * At most one refresh triggered by pin mismatches on one host and port per this interval,
         * while the held bundle stays the same (a newer bundle lets every host refresh again);
         * default 10 s. Zero leaves only the global budget.
         */
        public Builder mismatchRefreshInterval(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative()) {
                throw new IllegalArgumentException("mismatchRefreshInterval must not be negative");
            }
            this.mismatchRefreshInterval = interval;
            return this;
        }

        /**
         * At most {@code refreshes} refreshes triggered by pin mismatches per {@code period} over all
         * hosts (a token bucket: a burst of {@code refreshes}, then one every
         * {@code period / refreshes}), so that mismatches on many hosts cannot make the client
         * hammer the bundle service; default 4 per minute. The period is at most one day.
         */
        public Builder mismatchRefreshBudget(int refreshes, Duration period) {
            if (refreshes < 1) {
                throw new IllegalArgumentException("refreshes must be positive");
            }
            positive(period, "period");
            if (period.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("period must be at most one day");
            }
            this.mismatchRefreshBudget = refreshes;
            this.mismatchRefreshPeriod = period;
            return this;
        }

        /** At most one report per host and served key per this interval; default 10 min. */
        public Builder reportInterval(Duration interval) {
            this.reportInterval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /** Source of jitter (tests pass a seeded one). */
        public Builder random(Random random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /** Checks the required settings and builds the configuration. */
        public PinwheelConfig build() {
            return new PinwheelConfig(this);
        }

        private static Duration positive(Duration value, String name) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return value;
        }

        private static boolean isLoopback(String host) {
            return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("::1");
        }

        private static String defaultPlatform() {
            String vm = System.getProperty("java.vm.vendor", "") + System.getProperty("java.vendor", "");
            return vm.contains("Android") ? "android" : "jvm/" + System.getProperty("java.version", "?");
        }
    }
}
