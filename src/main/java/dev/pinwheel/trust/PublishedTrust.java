package dev.pinwheel.trust;

import dev.pinwheel.core.web.EntityTags;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The public trust documents, verified and pre-rendered in memory: every root version and the served
 * key set, each as immutable bytes with a strong ETag, so that serving them never touches the database.
 * Reloaded (and verified again with {@link TrustVerifier}) when this instance changes the chain, as
 * soon as the change commits, and every {@code pinwheel.trust.refresh-interval} (how a change on
 * another replica reaches this one). A reload that does not verify keeps the last good state.
 */
@Component
public class PublishedTrust {

    private static final Logger log = LoggerFactory.getLogger(PublishedTrust.class);

    private final TrustStore store;
    private final TransactionTemplate tx;
    private final Object lock = new Object();
    private volatile Snapshot current;

    PublishedTrust(TrustStore store, PlatformTransactionManager transactions) {
        this.store = store;
        this.tx = new TransactionTemplate(transactions);
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.tx.setReadOnly(true);
    }

    /** Bytes to serve and their strong ETag. */
    public record Rendered(byte[] body, String etag) {
        static Rendered of(String document) {
            byte[] body = document.getBytes(StandardCharsets.UTF_8);
            return new Rendered(body, EntityTags.of(body));
        }
    }

    /**
     * What this instance serves.
     *
     * @param keySet null while no key set exists
     */
    public record Snapshot(TrustChain chain, Map<Integer, Rendered> roots, Rendered latestRoot, Rendered keySet) {}

    /** The served documents; loaded the first time. Never null. */
    public Snapshot current() {
        Snapshot s = current;
        return s != null ? s : refresh();
    }

    /**
     * Reloads and verifies the chain in its own read-only transaction.
     *
     * @throws RuntimeException when the stored chain does not verify and nothing good was loaded before
     */
    public Snapshot refresh() {
        synchronized (lock) {
            TrustChain chain;
            try {
                chain = tx.execute(s -> TrustChain.verify(store.rootDocuments(), store.latestKeySet()));
            } catch (RuntimeException e) {
                if (current == null) {
                    throw e;
                }
                log.error("The stored trust chain does not verify ({}); serving the last good one", e.getMessage());
                return current;
            }
            return install(chain);
        }
    }

    /**
     * Reloads and verifies the chain in the caller's transaction (no second database connection: the
     * signing path calls this while it holds one). Keeps the last good state when it does not verify.
     */
    Snapshot refreshInCurrentTransaction() {
        synchronized (lock) {
            try {
                return install(TrustChain.verify(store.rootDocuments(), store.latestKeySet()));
            } catch (RuntimeException e) {
                log.error("The stored trust chain does not verify ({}); serving the last good one", e.getMessage());
                return current();
            }
        }
    }

    private Snapshot install(TrustChain chain) {
        Map<Integer, Rendered> roots = new HashMap<>();
        chain.roots().forEach(r -> roots.put(r.version(), Rendered.of(r.document())));
        Rendered latest = chain.latestRoot().map(r -> roots.get(r.version())).orElse(null);
        Rendered keySet =
                chain.keySet() == null ? null : Rendered.of(chain.keySet().document());
        Snapshot fresh = new Snapshot(chain, Map.copyOf(roots), latest, keySet);
        Snapshot old = current;
        current = fresh;
        if (old != null && (old.chain().roots().size() != chain.roots().size() || version(old) != version(fresh))) {
            log.info(
                    "Serving root version {} and key set version {}",
                    chain.roots().size(),
                    version(fresh));
        }
        return fresh;
    }

    private static long version(Snapshot s) {
        return s.chain().keySet() == null ? 0 : s.chain().keySet().version();
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void onKeySet(KeySetEndorsed event) {
        refresh();
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void onRoot(RootVersionAdded event) {
        refresh();
    }
}
