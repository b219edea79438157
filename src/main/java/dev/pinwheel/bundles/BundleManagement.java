package dev.pinwheel.bundles;

import dev.pinwheel.core.Actors;
import dev.pinwheel.core.ProblemException;
import dev.pinwheel.core.ProblemType;
import dev.pinwheel.core.Violations;
import dev.pinwheel.pins.PinCatalog;
import dev.pinwheel.pins.discovery.LiveCheck;
import dev.pinwheel.signing.BundleSigner;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes bundles: builds the payload from the {@link PinCatalog}, runs every {@link BundleCheck},
 * signs with the active key and stores the result under the next {@code seq} of the app.
 *
 * <p>Invariant: {@code seq} is strictly increasing per app, also under concurrent publishes and
 * across replicas — every store happens while the app's counter row is locked, and
 * {@code (app_id, seq)} is unique. Network calls (the live check) happen before the lock and the
 * transaction are taken; inside, the checks decide on their results.
 */
@Service
public class BundleManagement {

    /** Error findings that even a forced publish cannot override: a bundle that pins nothing. */
    public static final Set<String> UNFORCEABLE = Set.of(PinSetRulesCheck.NO_DOMAINS, PinSetRulesCheck.NO_PINS);

    static final int MAX_TEXT = 1000;
    private static final Logger log = LoggerFactory.getLogger(BundleManagement.class);

    private final PinCatalog catalog;
    private final List<BundleCheck> checks;
    private final BundleSigner signer;
    private final BundleStore store;
    private final BundleNotifier notifier;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    /** Each re-sign commits alone, also when run after another transaction's commit (see resignIf). */
    private final TransactionTemplate resignTx;

    private final Clock clock;
    private final BundleProperties properties;
    private final BundlePayloads payloads;
    private final BundleMetrics metrics;
    private final EntityManager entityManager;
    private final BundleIssuer issuer;
    private final LiveCheck liveCheck;

    BundleManagement(
            PinCatalog catalog,
            List<BundleCheck> checks,
            BundleSigner signer,
            BundleStore store,
            BundleNotifier notifier,
            ApplicationEventPublisher events,
            TransactionTemplate tx,
            Clock clock,
            BundleProperties properties,
            JsonMapper json,
            BundleMetrics metrics,
            EntityManager entityManager,
            BundleIssuer issuer,
            LiveCheck liveCheck) {
        this.issuer = issuer;
        this.liveCheck = liveCheck;
        this.catalog = catalog;
        this.checks = List.copyOf(checks);
        this.signer = signer;
        this.store = store;
        this.notifier = notifier;
        this.events = events;
        this.tx = tx;
        this.resignTx = new TransactionTemplate(tx.getTransactionManager());
        this.resignTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
        this.properties = properties;
        this.payloads = new BundlePayloads(json);
        this.metrics = metrics;
        this.entityManager = entityManager;
    }

    /**
     * Publishes the app's current pin sets as its next bundle (or, for a dry run, returns the
     * would-be payload and findings and stores nothing).
     *
     * @throws ProblemException 404 unknown app, 400 bad command, 409 with {@code findings} when checks fail
     */
    public PublishOutcome publish(String appId, PublishCommand command) {
        validate(command);
        PinCatalog.AppView app = app(appId);
        Map<String, LiveCheck.Outcome> live = liveCheck.checkAll(catalog.hostsOf(appId));
        if (command.dryRun()) {
            return tx.execute(s -> {
                List<PinCatalog.DomainPins> domains = catalog.currentPins(appId);
                List<Finding> findings = runChecks(appId, domains, live);
                Map<String, Object> claims = claims(app, store.lastSeq(appId) + 1, now(), domains);
                return new PublishOutcome(true, null, claims, findings);
            });
        }
        store.ensureCounter(appId);
        return tx.execute(s -> {
            long seq = store.lockCounter(appId).orElseThrow() + 1;
            List<PinCatalog.DomainPins> domains = catalog.currentPins(appId);
            List<Finding> findings = enforce(runChecks(appId, domains, live), command);
            return store(app, seq, domains, findings, BundleKind.PUBLISH, null, Actors.current(), command);
        });
    }

    /**
     * Republishes the content (domains and pins) of an old bundle as the app's next bundle — a
     * rollback. Checks run as for a publish.
     *
     * @throws ProblemException 404 unknown app or seq, 400 bad command, 409 with {@code findings}
     */
    public PublishOutcome republish(String appId, long seq, PublishCommand command) {
        validate(command);
        PinCatalog.AppView app = app(appId);
        // the old bundle's hosts, probed before any lock or transaction
        Map<String, LiveCheck.Outcome> live = liveCheck.checkAll(tx
                .execute(s -> BundlePayloads.domainsOf(payloads.payloadOf(store.find(appId, seq)
                        .orElseThrow(() -> noBundle(appId, seq))
                        .jws())))
                .stream()
                .map(PinCatalog.DomainPins::host)
                .toList());
        if (command.dryRun()) {
            return tx.execute(s -> {
                StoredBundle old = store.find(appId, seq).orElseThrow(() -> noBundle(appId, seq));
                List<PinCatalog.DomainPins> domains = BundlePayloads.domainsOf(payloads.payloadOf(old.jws()));
                List<Finding> findings = runChecks(appId, domains, live);
                return new PublishOutcome(true, null, claims(app, store.lastSeq(appId) + 1, now(), domains), findings);
            });
        }
        store.ensureCounter(appId);
        return tx.execute(s -> {
            long next = store.lockCounter(appId).orElseThrow() + 1;
            StoredBundle old = store.find(appId, seq).orElseThrow(() -> noBundle(appId, seq));
            List<PinCatalog.DomainPins> domains = BundlePayloads.domainsOf(payloads.payloadOf(old.jws()));
            List<Finding> findings = enforce(runChecks(appId, domains, live), command);
            return store(app, next, domains, findings, BundleKind.REPUBLISH, seq, Actors.current(), command);
        });
    }

    /**
     * Re-signs the newest content of the app as a new bundle when its newest bundle is older than
     * the re-sign threshold or signed by another key than the active one (a rotation on another
     * replica). Decided under the app's lock, so with several replicas a due bundle
     * is re-signed exactly once. Actor {@code system}; no checks (the content was published before).
     *
     * @return the new bundle, or empty when none was due (or the app is gone or has no bundle)
     */
    public Optional<BundleSummary> resignIfDue(String appId) {
        return resignIf(appId, false);
    }

    /**
     * Re-signs, at once, the newest bundle of every app that is not signed by the active key (after a
     * rotation or its rollback), so that no served bundle depends on a retired key.
     */
    public List<BundleSummary> resignWithActiveKey() {
        List<BundleSummary> done = new ArrayList<>();
        for (String appId : store.servableLatestSeqs().keySet()) {
            try {
                resignIf(appId, true).ifPresent(done::add);
            } catch (RuntimeException e) {
                log.error("Re-signing the bundle of app {} with the new key failed", appId, e);
            }
        }
        if (!done.isEmpty()) {
            log.info("Re-signed {} bundle(s) with the active key {}", done.size(), signer.activeKid());
        }
        return done;
    }

    private Optional<BundleSummary> resignIf(String appId, boolean onlyForOtherKid) {
        Optional<PinCatalog.AppView> app = catalog.app(appId);
        if (app.isEmpty()) {
            return Optional.empty();
        }
        // its own transaction: after a key rotation this runs in the rotation's after-commit phase, where
        // joining the finished transaction would leave the publish event without a commit to wait for,
        // and this instance would serve the re-signed bundle only after the next bundle-sync poll
        return resignTx.execute(s -> {
            Optional<Long> last = store.lockCounter(appId);
            if (last.isEmpty() || last.get() == 0) {
                return Optional.<BundleSummary>empty();
            }
            StoredBundle newest = store.latest(appId).orElseThrow();
            Duration threshold = properties.resignThresholdFor(lifetime(app.get()));
            boolean due = !newest.summary().issuedAt().plus(threshold).isAfter(clock.instant());
            boolean otherKey = !newest.summary().kid().equals(signer.activeKid());
            if (onlyForOtherKid ? !otherKey : !(due || otherKey)) {
                return Optional.<BundleSummary>empty();
            }
            List<PinCatalog.DomainPins> domains = BundlePayloads.domainsOf(payloads.payloadOf(newest.jws()));
            PublishOutcome out = store(
                    app.get(),
                    last.get() + 1,
                    domains,
                    List.of(),
                    BundleKind.RESIGN,
                    newest.summary().seq(),
                    Actors.SYSTEM,
                    new PublishCommand("re-signed seq " + newest.summary().seq(), false, false, null));
            return Optional.of(out.bundle());
        });
    }

    /**
     * Re-signs every app whose newest bundle is due; returns the new bundles. Which apps are due is
     * found with two queries (newest issue times, per-app lifetimes), so a run where nothing is due
     * costs the same for ten thousand apps as for ten; each due app is then decided again under its
     * lock by {@link #resignIfDue}.
     */
    public List<BundleSummary> resignDue() {
        long start = System.nanoTime();
        List<BundleSummary> done = new ArrayList<>();
        Map<String, Duration> lifetimes = catalog.bundleLifetimeOverrides();
        Instant now = clock.instant();
        List<String> due = new ArrayList<>();
        store.newestIssuedAt().forEach((appId, issuedAt) -> {
            Duration lifetime = lifetimes.getOrDefault(appId, properties.lifetime());
            if (!issuedAt.plus(properties.resignThresholdFor(lifetime)).isAfter(now)) {
                due.add(appId);
            }
        });
        for (String appId : due) {
            try {
                resignIfDue(appId).ifPresent(done::add);
            } catch (RuntimeException e) {
                log.error("Re-signing the bundle of app {} failed", appId, e);
            }
        }
        if (!done.isEmpty()) {
            log.info("Re-signed {} bundle(s) in {} ms", done.size(), (System.nanoTime() - start) / 1_000_000);
        }
        return done;
    }

    /** An app's bundles, newest first. */
    public List<BundleSummary> history(String appId, Long beforeSeq, int limit) {
        if (limit < 1 || limit > 200) {
            throw ProblemException.invalid("limit", "must be between 1 and 200");
        }
        if (beforeSeq != null && beforeSeq < 1) {
            throw ProblemException.invalid("beforeSeq", "must be at least 1");
        }
        return tx.execute(s -> {
            requireKnown(appId);
            return store.history(appId, beforeSeq, limit).stream()
                    .map(StoredBundle::summary)
                    .toList();
        });
    }

    /** One bundle with its decoded header and payload. */
    public BundleDetail bundle(String appId, long seq) {
        return tx.execute(s -> {
            requireKnown(appId);
            StoredBundle b = store.find(appId, seq).orElseThrow(() -> noBundle(appId, seq));
            return new BundleDetail(b.summary(), payloads.headerOf(b.jws()), payloads.payloadOf(b.jws()), b.jws());
        });
    }

    private PublishOutcome store(
            PinCatalog.AppView app,
            long seq,
            List<PinCatalog.DomainPins> domains,
            List<Finding> findings,
            BundleKind kind,
            Long from,
            String actor,
            PublishCommand command) {
        Instant iat = now();
        Map<String, Object> claims = claims(app, seq, iat, domains);
        BundleSigner.SignedJws signed = signer.sign(payloads.serialise(claims));
        BundleSummary summary = new BundleSummary(
                app.id(),
                seq,
                iat,
                iat.plus(lifetime(app)),
                signed.kid(),
                sha256Hex(signed.compact()),
                kind,
                from,
                actor,
                blankToNull(command.comment()),
                command.force() ? command.reason().trim() : null,
                domains.stream()
                        .map(d -> new DomainVersion(d.host(), d.pinSetVersion()))
                        .toList());
        long pollSeconds = pollInterval(app).toSeconds();
        store.insert(new StoredBundle(summary, signed.compact(), pollSeconds));
        events.publishEvent(new BundlePublished(
                summary,
                findings,
                new PublishedBundles.LatestBundle(
                        app.id(), seq, signed.compact(), summary.sha256(), iat, pollSeconds)));
        notifier.published(app.id());
        log.info("Stored bundle {} seq {} ({}, kid {}) by {}", app.id(), seq, kind.wireName(), signed.kid(), actor);
        return new PublishOutcome(false, summary, claims, findings);
    }

    private Map<String, Object> claims(
            PinCatalog.AppView app, long seq, Instant iat, List<PinCatalog.DomainPins> domains) {
        return payloads.claims(
                issuer.value(),
                app.id(),
                seq,
                iat,
                lifetime(app),
                pollInterval(app),
                properties.maxStaleness(),
                domains);
    }

    /**
     * Runs every check. Checks only read, and nothing has been changed through JPA in the publish
     * transaction before them, so their queries need not flush: with the default (auto) flush
     * mode each of a big app's per-domain queries would dirty-check every entity loaded for it,
     * which makes a publish quadratic in the number of domains.
     */
    private List<Finding> runChecks(
            String appId, List<PinCatalog.DomainPins> domains, Map<String, LiveCheck.Outcome> live) {
        BundleCandidate candidate = new BundleCandidate(appId, domains, clock.instant(), live);
        FlushModeType mode = entityManager.getFlushMode();
        entityManager.setFlushMode(FlushModeType.COMMIT);
        try {
            List<Finding> findings = new ArrayList<>();
            for (BundleCheck check : checks) {
                findings.addAll(check.check(candidate));
            }
            return findings;
        } finally {
            entityManager.setFlushMode(mode);
        }
    }

    private List<Finding> enforce(List<Finding> findings, PublishCommand command) {
        boolean blocked =
                findings.stream().anyMatch(f -> f.isError() && (!command.force() || UNFORCEABLE.contains(f.code())));
        if (blocked) {
            metrics.refused();
            long errors = findings.stream().filter(Finding::isError).count();
            throw new ProblemException(
                    ProblemType.BUNDLE_CHECK_FAILED,
                    "The bundle was not published: " + errors
                            + " check(s) failed" + (command.force() ? " that cannot be forced" : "")
                            + "; see findings.",
                    Map.of("findings", findings));
        }
        return findings;
    }

    private static void validate(PublishCommand c) {
        Violations violations = new Violations();
        if (c.comment() != null && c.comment().length() > MAX_TEXT) {
            violations.add("comment", "must be at most " + MAX_TEXT + " characters");
        }
        if (c.reason() != null && c.reason().length() > MAX_TEXT) {
            violations.add("reason", "must be at most " + MAX_TEXT + " characters");
        }
        if (c.force() && (c.reason() == null || c.reason().isBlank())) {
            violations.add("reason", "is required when force is true");
        }
        if (!c.force() && c.reason() != null && !c.reason().isBlank()) {
            violations.add("reason", "is only allowed together with force: true");
        }
        violations.throwIfAny();
    }

    private PinCatalog.AppView app(String appId) {
        return catalog.app(appId).orElseThrow(() -> ProblemException.notFound("No app " + appId + "."));
    }

    private void requireKnown(String appId) {
        if (catalog.app(appId).isEmpty() && !store.anyFor(appId)) {
            throw ProblemException.notFound("No app " + appId + ".");
        }
    }

    private static ProblemException noBundle(String appId, long seq) {
        return ProblemException.notFound("App " + appId + " has no bundle with seq " + seq + ".");
    }

    private Duration lifetime(PinCatalog.AppView app) {
        return AppTimings.lifetime(java.util.Optional.of(app), properties);
    }

    private Duration pollInterval(PinCatalog.AppView app) {
        return AppTimings.pollInterval(app, properties);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    static String sha256Hex(String jws) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(jws.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
