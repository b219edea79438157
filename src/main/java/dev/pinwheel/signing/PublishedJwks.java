package dev.pinwheel.signing;

import dev.pinwheel.core.jobs.PeriodicJob;
import dev.pinwheel.core.jobs.PeriodicWork;
import dev.pinwheel.core.web.EntityTags;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The JWKS of {@code GET /v1/keys}, pre-rendered in memory: an immutable body and its ETag, so that
 * serving it never touches the database. Reloaded when this instance rotates the signing key (as
 * soon as the rotation commits), when this instance signs with a key the JWKS does not list yet, and
 * every {@code pinwheel.signing.jwks-refresh-interval}, which is how a rotation on another replica
 * reaches this one.
 */
@Component
public class PublishedJwks implements SmartLifecycle, PeriodicWork {

    private static final Logger log = LoggerFactory.getLogger(PublishedJwks.class);

    private final SigningKeys keys;
    private final TransactionTemplate tx;
    private final Duration interval;
    private final Object lock = new Object();
    private volatile Rendered current;
    private volatile boolean running;

    PublishedJwks(SigningKeys keys, PlatformTransactionManager transactions, SigningProperties properties) {
        this.keys = keys;
        this.tx = new TransactionTemplate(transactions);
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.tx.setReadOnly(true);
        this.interval = properties.jwksRefreshInterval();
    }

    /**
     * The rendered JWKS.
     *
     * @param body the {@code {"keys":[...]}} JSON bytes (active key first, then next); never modified
     * @param etag strong entity tag: the quoted hex SHA-256 of the body
     * @param kids the key ids the body lists
     */
    public record Rendered(byte[] body, String etag, Set<String> kids) {}

    /** The JWKS to serve; loaded from the database only the first time. Never null. */
    public Rendered current() {
        Rendered r = current;
        return r != null ? r : refresh();
    }

    /** Reloads the JWKS from the database (in its own read-only transaction) and returns it. */
    public Rendered refresh() {
        synchronized (lock) {
            // read and swap under one lock: a later read never loses to an earlier one
            List<SigningKeys.PublishedKey> published = tx.execute(s -> keys.publishedKeys());
            Rendered fresh = render(published);
            Rendered old = current;
            if (old == null || !old.etag().equals(fresh.etag())) {
                current = fresh;
                if (old != null) {
                    log.info("Serving a new JWKS with key(s) {}", fresh.kids());
                }
            }
            return current;
        }
    }

    /**
     * Makes sure the JWKS lists {@code kid} (the key this instance just signed with), reloading if not —
     * in the caller's transaction, so that a publish holding a connection never needs a second one.
     */
    void ensureListed(String kid) {
        if (!current().kids().contains(kid)) {
            synchronized (lock) {
                Rendered fresh = render(keys.publishedKeys());
                if (!fresh.etag().equals(current().etag())) {
                    current = fresh;
                    log.info("Serving a new JWKS with key(s) {}", fresh.kids());
                }
            }
        }
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void onRotated(SigningKeyRotated event) {
        refresh();
    }

    static Rendered render(List<SigningKeys.PublishedKey> published) {
        String json = published.stream()
                .map(SigningKeys.PublishedKey::json)
                .collect(Collectors.joining(",", "{\"keys\":[", "]}"));
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        Set<String> kids =
                published.stream().map(SigningKeys.PublishedKey::kid).collect(Collectors.toUnmodifiableSet());
        return new Rendered(body, EntityTags.of(body), kids);
    }

    /** Loads the JWKS before the service takes requests. */
    @Override
    public void start() {
        refresh();
        running = true;
    }

    @Override
    public List<PeriodicJob> periodicJobs() {
        return List.of(PeriodicJob.every(interval, "jwks-refresh", this::refreshQuietly));
    }

    /** The periodic reload; a failure keeps the last JWKS. */
    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            log.warn(
                    "JWKS refresh failed ({}); serving the last one",
                    e.getClass().getSimpleName());
        }
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
