package dev.pinwheel.trust;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.pinwheel.core.Actors;
import dev.pinwheel.core.ProblemException;
import dev.pinwheel.core.ProblemType;
import dev.pinwheel.core.jobs.PeriodicJob;
import dev.pinwheel.core.jobs.PeriodicWork;
import dev.pinwheel.signing.KeyEndorsement;
import dev.pinwheel.signing.OnlineRootKeys;
import dev.pinwheel.signing.SigningKeyRolledBack;
import dev.pinwheel.signing.SigningKeyRotated;
import dev.pinwheel.signing.SigningKeyState;
import dev.pinwheel.signing.SigningKeyView;
import dev.pinwheel.signing.SigningKeys;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The trust chain: accepts root versions and endorsed key sets (each verified by {@link TrustVerifier}
 * against the stored chain before anything is stored), proposes the next key set, and — only with an
 * online root — signs root version 1 and key sets itself. It is also the {@link KeyEndorsement} the
 * signing module asks: bundles are signed only with a key the served key set lists, and a rotation to
 * a key no served key set lists is refused (or, with an online root, endorsed first).
 *
 * <p>Invariant: every change holds the trust lock, is verified against the stored (verified) chain in
 * the same transaction, and is audited there.
 */
@Service
public class TrustManagement implements KeyEndorsement, SmartLifecycle, PeriodicWork {

    private static final Logger log = LoggerFactory.getLogger(TrustManagement.class);

    private final TrustStore store;
    private final PublishedTrust published;
    private final SigningKeys signingKeys;
    private final OnlineRootKeys onlineRoot;
    private final ServedBundles bundles;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final TrustProperties properties;
    private volatile boolean running;

    TrustManagement(
            TrustStore store,
            PublishedTrust published,
            SigningKeys signingKeys,
            OnlineRootKeys onlineRoot,
            ServedBundles bundles,
            ApplicationEventPublisher events,
            TransactionTemplate tx,
            Clock clock,
            TrustProperties properties) {
        this.store = store;
        this.published = published;
        this.signingKeys = signingKeys;
        this.onlineRoot = onlineRoot;
        this.bundles = bundles;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
        this.properties = properties;
    }

    /** A key-set proposal: the payload bytes (base64url) to sign unchanged, and the same decoded. */
    public record Proposal(String payload, Map<String, Object> decoded) {}

    /**
     * Verifies and stores the next root version (version 1 when there is none: self-signed by its
     * threshold; otherwise signed by a threshold of the previous version's keys and of its own).
     *
     * @throws ProblemException 422 {@code trust-document-invalid}, {@code trust-signature-invalid},
     *                          {@code trust-threshold-not-met}, {@code trust-document-expired}; 409
     *                          {@code trust-version}
     */
    public TrustVerifier.RootVersion addRoot(String document) {
        return tx.execute(s -> {
            store.lock();
            TrustChain chain = chain();
            TrustVerifier.RootVersion root =
                    TrustVerifier.verifyRoot(document, chain.latestRoot().orElse(null));
            requireIssuer(root.issuer());
            TrustVerifier.requireFresh("Root version " + root.version(), root.expiresAt(), clock.instant());
            store.insertRoot(root, Actors.current(), clock.instant());
            events.publishEvent(new RootVersionAdded(
                    root.version(), root.threshold(), List.copyOf(root.keys().keySet()), false));
            log.info(
                    "Root version {} added (threshold {}, {} key(s))",
                    root.version(),
                    root.threshold(),
                    root.keys().size());
            if (holdsRoot(root)) {
                endorseOnline(new TrustChain(append(chain.roots(), root), chain.keySet()));
            }
            return root;
        });
    }

    /**
     * The key-set payload the service wants endorsed next: every active and next signing key, retired
     * keys still in their rollback grace period, and every key that still signs a served bundle. The
     * same proposal is returned until the keys change or it is past half its lifetime.
     *
     * @throws ProblemException 409 {@code trust-no-root} before root version 1 was uploaded
     */
    public Proposal proposal() {
        return tx.execute(s -> {
            store.lock();
            TrustChain chain = chain();
            TrustVerifier.RootVersion root = chain.latestRoot().orElseThrow(TrustManagement::noRoot);
            TrustStore.Proposal p = currentProposal(chain, root);
            return new Proposal(
                    Base64URL.encode(p.payload().getBytes(StandardCharsets.UTF_8))
                            .toString(),
                    parse(p.payload()));
        });
    }

    /**
     * Verifies an endorsed key set (JWS JSON) and serves it: its payload must be a proposal this
     * service made, signed by a threshold of the current root's keys, newer than the served key set,
     * unexpired, and it must list the active key and every key still signing a served bundle.
     *
     * @throws ProblemException 422 invalid / signatures / expired, 409 version or a dropped signing key
     */
    public TrustVerifier.KeySet addKeySet(String document) {
        return tx.execute(s -> {
            store.lock();
            TrustVerifier.Signed signed = TrustVerifier.parse(document, TrustVerifier.KEY_SET_TYPE);
            if (!store.proposed(new String(signed.payload(), StandardCharsets.UTF_8))) {
                throw new ProblemException(
                        ProblemType.TRUST_DOCUMENT_INVALID,
                        "payload: is not a key-set proposal this "
                                + "service made. GET /admin/v1/trust/key-set/proposal and sign its payload unchanged.",
                        Map.of(
                                "violations",
                                List.of(new dev.pinwheel.core.Violation(
                                        "payload", "is not a proposal of this service"))));
            }
            TrustChain chain = chain();
            TrustVerifier.RootVersion root = chain.latestRoot().orElseThrow(TrustManagement::noRoot);
            TrustVerifier.KeySet keySet = TrustVerifier.verifyKeySet(signed, document, root);
            return serve(chain, keySet, false);
        });
    }

    /** The verified chain as stored now (in the caller's transaction). */
    private TrustChain chain() {
        return TrustChain.verify(store.rootDocuments(), store.latestKeySet());
    }

    private TrustVerifier.KeySet serve(TrustChain chain, TrustVerifier.KeySet keySet, boolean online) {
        Instant now = clock.instant();
        TrustVerifier.requireFresh("The key set", keySet.expiresAt(), now);
        TrustVerifier.requireNewer(keySet, chain.keySet());
        requireKeepsSigningKeys(keySet);
        store.insertKeySet(keySet, online ? Actors.SYSTEM : Actors.current(), now);
        events.publishEvent(
                new KeySetEndorsed(keySet.version(), keySet.rootVersion(), List.copyOf(keySet.kids()), online));
        log.info(
                "Key set version {} (root version {}) endorsed{}: {}",
                keySet.version(),
                keySet.rootVersion(),
                online ? " by the online root" : "",
                keySet.kids());
        return keySet;
    }

    private void requireKeepsSigningKeys(TrustVerifier.KeySet keySet) {
        Set<String> listed = keySet.kids();
        List<String> missing = new ArrayList<>();
        bundles.signingKids().stream().filter(k -> !listed.contains(k)).forEach(missing::add);
        String active = signingKeys.activeKid();
        if (!listed.contains(active) && !missing.contains(active)) {
            missing.add(active);
        }
        if (!missing.isEmpty()) {
            throw new ProblemException(
                    ProblemType.KEY_STILL_SIGNING,
                    "The key set drops " + missing + ", which still "
                            + "sign(s) served bundles (or is the active key): clients would reject them. GET a fresh proposal "
                            + "and sign that.",
                    Map.of("missingKids", missing));
        }
    }

    private TrustStore.Proposal currentProposal(TrustChain chain, TrustVerifier.RootVersion root) {
        List<Map<String, Object>> keys = desiredKeys();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        long servedVersion = chain.keySet() == null ? 0 : chain.keySet().version();
        Optional<TrustStore.Proposal> last = store.latestProposal();
        if (last.isPresent()
                && last.get().version() > servedVersion
                && last.get().rootVersion() == root.version()) {
            Map<String, Object> decoded = parse(last.get().payload());
            long iat = ((Number) decoded.get("iat")).longValue();
            long exp = ((Number) decoded.get("exp")).longValue();
            boolean young = now.getEpochSecond() < iat + (exp - iat) / 2;
            if (young && keys.equals(decoded.get("keys"))) {
                return last.get();
            }
        }
        long version = store.maxVersion() + 1;
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", "key-set");
        payload.put("iss", root.issuer());
        payload.put("version", version);
        payload.put("rootVersion", root.version());
        payload.put("iat", now.getEpochSecond());
        payload.put("exp", now.plus(properties.keySetLifetime()).getEpochSecond());
        payload.put("keys", keys);
        TrustStore.Proposal p = new TrustStore.Proposal(version, root.version(), JSONObjectUtils.toJSONString(payload));
        store.insertProposal(p, now);
        return p;
    }

    /** The signing keys a key set must list now, in a fixed order and member order. */
    private List<Map<String, Object>> desiredKeys() {
        Set<String> signing = bundles.signingKids();
        List<SigningKeyView> all = signingKeys.list();
        List<Map<String, Object>> keys = new ArrayList<>();
        for (SigningKeyState state : List.of(SigningKeyState.ACTIVE, SigningKeyState.NEXT, SigningKeyState.RETIRED)) {
            for (SigningKeyView k : all) {
                boolean listed = k.state() == state
                        && (state != SigningKeyState.RETIRED || k.rollbackUntil() != null || signing.contains(k.kid()));
                if (listed) {
                    Map<String, Object> jwk = parse(k.publicJwkJson());
                    Map<String, Object> entry = new LinkedHashMap<>();
                    for (String member : List.of("kty", "crv", "x", "y", "kid", "alg", "use")) {
                        entry.put(member, jwk.get(member));
                    }
                    entry.put("state", state.wireName());
                    keys.add(entry);
                }
            }
        }
        return keys;
    }

    // ---- online root ----------------------------------------------------------------------------

    /** Whether the service holds threshold keys of {@code root} itself (online root). */
    private boolean holdsRoot(TrustVerifier.RootVersion root) {
        if (!properties.onlineRoot()) {
            return false;
        }
        long held = onlineRoot.publicKeys().stream()
                .filter(k -> root.keys().containsKey(k.getKeyID()))
                .count();
        return held >= root.threshold();
    }

    /** Signs the current proposal with the online root and serves it (in the caller's transaction). */
    private TrustVerifier.KeySet endorseOnline(TrustChain chain) {
        TrustVerifier.RootVersion root = chain.latestRoot().orElseThrow();
        TrustStore.Proposal p = currentProposal(chain, root);
        byte[] payload = p.payload().getBytes(StandardCharsets.UTF_8);
        String document = document(
                payload,
                onlineRoot.sign(TrustVerifier.KEY_SET_TYPE, payload, root.keys().keySet()));
        return serve(chain, TrustVerifier.verifyKeySet(document, root), true);
    }

    /**
     * Online root upkeep: creates root version 1 when there is no root yet, signs the next root version
     * (same keys) once the newest is past half its lifetime, and signs a new key set when the keys to
     * list changed, none exists, it names an older root or it is past half its lifetime. Does nothing
     * unless the service holds the root.
     */
    void maintainOnlineRoot() {
        if (!properties.onlineRoot()) {
            return;
        }
        tx.executeWithoutResult(s -> {
            store.lock();
            TrustChain chain = chain();
            if (chain.roots().isEmpty()) {
                chain = new TrustChain(List.of(createOnlineRootVersion1()), null);
            }
            TrustVerifier.RootVersion root = chain.latestRoot().orElseThrow();
            if (!holdsRoot(root)) {
                return;
            }
            if (rootDue(root)) {
                root = signOnlineRoot(
                        root,
                        root.issuer(),
                        root.threshold(),
                        List.copyOf(root.keys().values()));
                chain = new TrustChain(append(chain.roots(), root), chain.keySet());
            }
            if (keySetOutdated(chain, root)) {
                endorseOnline(chain);
            }
        });
    }

    private boolean keySetOutdated(TrustChain chain, TrustVerifier.RootVersion root) {
        TrustVerifier.KeySet held = chain.keySet();
        if (held == null || held.rootVersion() != root.version()) {
            return true;
        }
        Instant now = clock.instant();
        Duration lifetime = Duration.between(held.issuedAt(), held.expiresAt());
        if (now.isAfter(held.issuedAt().plus(lifetime.dividedBy(2)))) {
            return true;
        }
        List<String> wanted =
                desiredKeys().stream().map(k -> (String) k.get("kid")).toList();
        return !wanted.equals(List.copyOf(held.kids()));
    }

    private TrustVerifier.RootVersion createOnlineRootVersion1() {
        ECKey key = onlineRoot.create();
        TrustVerifier.RootVersion root = signOnlineRoot(null, bundles.issuer(), 1, List.of(key));
        log.warn("""

                ==========================================================================
                  PINWHEEL ONLINE ROOT - NOT FOR PRODUCTION
                  Generated root key {} and signed root version 1 with it.
                  The service holds this root key (under the master key) and endorses
                  its signing keys itself. Production: keep root keys offline
                  (bin/pinwheel-keys init, see docs/key-ceremony.md).
                ==========================================================================""", key.getKeyID());
        return root;
    }

    /** Whether the online root should sign its next version: past half the lifetime of the newest one. */
    private boolean rootDue(TrustVerifier.RootVersion root) {
        Duration lifetime = Duration.between(root.issuedAt(), root.expiresAt());
        return clock.instant().isAfter(root.issuedAt().plus(lifetime.dividedBy(2)));
    }

    /**
     * Signs and stores the root version after {@code previous} (or version 1) with the online keys: the
     * same keys sign as previous and as new root, so both thresholds are met.
     */
    private TrustVerifier.RootVersion signOnlineRoot(
            TrustVerifier.RootVersion previous, String issuer, int threshold, List<ECKey> keys) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        List<Map<String, Object>> jwks = new ArrayList<>();
        for (ECKey key : keys) {
            Map<String, Object> full = key.toPublicJWK().toJSONObject();
            Map<String, Object> jwk = new LinkedHashMap<>();
            for (String member : List.of("kty", "crv", "x", "y", "kid", "alg", "use")) {
                jwk.put(member, full.get(member));
            }
            jwks.add(jwk);
        }
        int version = previous == null ? 1 : previous.version() + 1;
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", "root");
        payload.put("iss", issuer);
        payload.put("version", version);
        payload.put("iat", now.getEpochSecond());
        payload.put("exp", now.plus(properties.rootLifetime()).getEpochSecond());
        payload.put("threshold", threshold);
        payload.put("keys", jwks);
        byte[] bytes = JSONObjectUtils.toJSONString(payload).getBytes(StandardCharsets.UTF_8);
        String document = document(
                bytes,
                onlineRoot.sign(
                        TrustVerifier.ROOT_TYPE,
                        bytes,
                        keys.stream().map(ECKey::getKeyID).toList()));
        TrustVerifier.RootVersion root = TrustVerifier.verifyRoot(document, previous);
        store.insertRoot(root, Actors.SYSTEM, clock.instant());
        events.publishEvent(
                new RootVersionAdded(version, threshold, List.copyOf(root.keys().keySet()), true));
        if (previous != null) {
            log.info(
                    "The online root signed root version {} (version {} was past half its lifetime)",
                    version,
                    previous.version());
        }
        return root;
    }

    static String document(byte[] payload, List<OnlineRootKeys.RootSignature> signatures) {
        StringBuilder b = new StringBuilder("{\"payload\":\"")
                .append(Base64URL.encode(payload))
                .append("\",\"signatures\":[");
        for (int i = 0; i < signatures.size(); i++) {
            OnlineRootKeys.RootSignature s = signatures.get(i);
            b.append(i == 0 ? "" : ",")
                    .append("{\"protected\":\"")
                    .append(s.protectedHeader())
                    .append("\",\"signature\":\"")
                    .append(s.signature())
                    .append("\"}");
        }
        return b.append("]}").toString();
    }

    // ---- KeyEndorsement -------------------------------------------------------------------------

    @Override
    public void requireMaySign(String kid) {
        TrustVerifier.KeySet served = published.current().chain().keySet();
        if (served == null || served.kids().contains(kid)) {
            return; // no key set yet: trust not set up, bundles are signed as before
        }
        served = published.refreshInCurrentTransaction().chain().keySet();
        if (served != null && !served.kids().contains(kid)) {
            throw notEndorsed(kid, served.version(), "the active signing key");
        }
    }

    @Override
    public void requireEndorsedBeforeActivation(String kid) {
        TrustChain chain = chain();
        if (chain.keySet() == null || chain.keySet().kids().contains(kid)) {
            return;
        }
        TrustVerifier.RootVersion root = chain.latestRoot().orElseThrow();
        if (holdsRoot(root)) {
            store.lock();
            endorseOnline(chain());
            return;
        }
        throw notEndorsed(kid, chain.keySet().version(), "the next signing key");
    }

    private static ProblemException notEndorsed(String kid, long version, String what) {
        return new ProblemException(
                ProblemType.KEY_NOT_ENDORSED,
                "The served key set (version " + version
                        + ") does not list " + what + " " + kid
                        + ", so clients would reject bundles it signs. Endorse it "
                        + "first: GET /admin/v1/trust/key-set/proposal, sign it offline with `bin/pinwheel-keys sign-key-set`, "
                        + "POST the result to /admin/v1/trust/key-set/signatures, then try again.",
                Map.of("kid", kid, "keySetVersion", version));
    }

    /** With an online root, a rotation or rollback is followed by a key set listing the new keys. */
    @EventListener
    void onRotated(SigningKeyRotated event) {
        endorseOnlineIfHeld();
    }

    @EventListener
    void onRolledBack(SigningKeyRolledBack event) {
        endorseOnlineIfHeld();
    }

    private void endorseOnlineIfHeld() {
        if (!properties.onlineRoot()) {
            return;
        }
        store.lock();
        TrustChain chain = chain();
        if (chain.latestRoot().isPresent()
                && holdsRoot(chain.latestRoot().get())
                && keySetOutdated(chain, chain.latestRoot().get())) {
            endorseOnline(chain);
        }
    }

    private void requireIssuer(String issuer) {
        if (!issuer.equals(bundles.issuer())) {
            throw new ProblemException(
                    ProblemType.TRUST_DOCUMENT_INVALID,
                    "payload.iss: must be " + bundles.issuer() + " (the issuer of the bundles)",
                    Map.of(
                            "violations",
                            List.of(new dev.pinwheel.core.Violation("payload.iss", "must be " + bundles.issuer()))));
        }
    }

    private static ProblemException noRoot() {
        return new ProblemException(
                ProblemType.TRUST_NO_ROOT,
                "There is no root of trust yet: create root keys "
                        + "offline (`bin/pinwheel-keys init`) and POST root version 1 to /admin/v1/trust/roots first.");
    }

    private static List<TrustVerifier.RootVersion> append(
            List<TrustVerifier.RootVersion> roots, TrustVerifier.RootVersion root) {
        List<TrustVerifier.RootVersion> all = new ArrayList<>(roots);
        all.add(root);
        return all;
    }

    private static Map<String, Object> parse(String json) {
        try {
            return JSONObjectUtils.parse(json);
        } catch (ParseException e) {
            throw new IllegalStateException("Stored JSON does not parse", e);
        }
    }

    // ---- lifecycle ------------------------------------------------------------------------------

    /**
     * With an online root: creates root version 1 and the first key set once the application has
     * started — after the web server, so that a quick-start issuer derived from the actual port is the
     * one the root names — before the application reports ready.
     */
    @EventListener(ApplicationStartedEvent.class)
    void bootstrapOnlineRoot() {
        if (properties.onlineRoot()) {
            maintainOnlineRoot();
        }
        published
                .refresh()
                .chain()
                .latestRoot()
                .filter(r -> !r.issuer().equals(bundles.issuer()))
                .ifPresent(r -> log.error(
                        "The root of trust names the issuer {} but bundles are issued as {}: clients will refuse"
                                + " the key set. A trust chain keeps its issuer; a new issuer needs a new chain.",
                        r.issuer(),
                        bundles.issuer()));
    }

    @Override
    public void start() {
        try {
            published.refresh();
        } catch (ProblemException | IllegalStateException e) {
            throw new IllegalStateException("The stored trust chain does not verify (" + e.getMessage()
                    + "); refusing to serve it. Restore the trust tables from a backup.");
        }
        running = true;
    }

    /**
     * The periodic reload (how an upload on another replica reaches this one) and, with an online
     * root, its upkeep.
     */
    @Override
    public List<PeriodicJob> periodicJobs() {
        return List.of(
                PeriodicJob.every(properties.refreshInterval(), "trust-refresh", this::refreshQuietly),
                PeriodicJob.every(properties.maintenanceInterval(), "trust-root-maintenance", this::maintainQuietly));
    }

    private void refreshQuietly() {
        try {
            published.refresh();
        } catch (RuntimeException e) {
            log.warn(
                    "Trust refresh failed ({}); serving the last documents",
                    e.getClass().getSimpleName());
        }
    }

    /** Nothing without an online root. */
    private void maintainQuietly() {
        if (!properties.onlineRoot()) {
            return;
        }
        try {
            maintainOnlineRoot();
        } catch (RuntimeException e) {
            log.error("Online root upkeep failed ({})", e.getMessage());
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

    @Override
    public int getPhase() {
        // before the web server starts serving
        return 0;
    }
}
