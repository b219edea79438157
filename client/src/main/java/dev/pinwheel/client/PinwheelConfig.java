package dev.pinwheel.client;

import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Random;

/**
 * Everything a {@link PinwheelClient} needs; build one with {@link #builder()}. Immutable.
 *
 * <p>Required: the app id (the {@code aud} of its bundles), the bundle URL and the trusted JWKS
 * (the public keys shipped in the app, {@code active} and {@code next}). Strongly recommended:
 * a baseline bundle (so the first launch is pinned) and a {@link FileBundleStore}.
 */
public final class PinwheelConfig {

    final String appId;
    final HttpUrl bundleUrl;
    final String trustedJwks;
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
        this.trustedJwks = require(b.trustedJwks, "trustedJwks");
        this.baselineBundle = b.baselineBundle;
        this.store = b.store;
        this.clock = b.clock;
        this.appVersion = b.appVersion;
        this.platform = b.platform;
        this.listener = b.listener;
        this.httpClient = b.httpClient != null ? b.httpClient : new OkHttpClient.Builder()
                .callTimeout(Duration.ofSeconds(30)).build();
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
        private String baselineBundle;
        private BundleStore store = BundleStore.inMemory();
        private Clock clock = Clock.systemUTC();
        private String appVersion = "unknown";
        private String platform = defaultPlatform();
        private PinwheelListener listener = new PinwheelListener() { };
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

        private Builder() {
        }

        /** Required: the app id; only bundles whose {@code aud} is this id are accepted. */
        public Builder appId(String appId) {
            if (appId == null || appId.isBlank()) {
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

        /** Required: the JWKS text shipped in the app (the service's {@code GET /v1/keys}); only its P-256 keys with a kid are used. */
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

        /** The clock for {@code exp}, {@code iat}, staleness and rate limits; default the system UTC clock. */
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
