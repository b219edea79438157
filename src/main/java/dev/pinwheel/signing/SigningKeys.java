package dev.pinwheel.signing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.pinwheel.core.ProblemException;
import dev.pinwheel.core.ProblemType;
import java.security.interfaces.ECPrivateKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The signing keys: exactly one {@code active} key signs, one {@code next} key is published
 * ahead of time. On first start both are created; on every start the master key must decrypt
 * every usable key, otherwise startup is refused ({@link MasterKeyException}) — keys are never
 * replaced silently. Creation and rotation lock one row, so replicas never race.
 *
 * <p><b>Warning:</b> private keys exist in clear only inside this package, for the moment a
 * bundle is signed.
 */
@Service
public class SigningKeys implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

    private final SigningKeyRepository keys;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Environment environment;
    private final SigningProperties properties;
    private final ObjectProvider<KeyEndorsement> endorsements;
    private volatile MasterKey masterKey;

    SigningKeys(
            SigningKeyRepository keys,
            JdbcClient jdbc,
            TransactionTemplate tx,
            ApplicationEventPublisher events,
            Clock clock,
            Environment environment,
            SigningProperties properties,
            ObjectProvider<KeyEndorsement> endorsements) {
        this.keys = keys;
        this.jdbc = jdbc;
        this.tx = tx;
        this.events = events;
        this.clock = clock;
        this.environment = environment;
        this.properties = properties;
        this.endorsements = endorsements;
    }

    /** Loads the master key, creates the first keys if there are none, and proves the master key opens them. */
    @Override
    public void afterSingletonsInstantiated() {
        masterKey();
        tx.executeWithoutResult(status -> {
            lock();
            List<SigningKey> usable = keys.findAll().stream()
                    .filter(k -> k.state() != SigningKeyState.RETIRED)
                    .toList();
            for (SigningKey key : usable) {
                privateKey(key);
            }
            if (active().isEmpty()) {
                SigningKey first = next().orElseGet(this::createNext);
                first.activate(clock.instant());
                keys.saveAndFlush(first);
                log.info("Signing key {} is active", first.kid());
            }
            if (next().isEmpty()) {
                createNext();
            }
        });
    }

    /** Every key, newest first. */
    @Transactional(readOnly = true)
    public List<SigningKeyView> list() {
        Instant now = clock.instant();
        return keys.findAllNewestFirst().stream().map(k -> view(k, now)).toList();
    }

    /** The public JWKs of the active and the next key (the ones clients ship and trust). */
    @Transactional(readOnly = true)
    public List<Map<String, Object>> publishedJwks() {
        return java.util.stream.Stream.concat(active().stream(), next().stream())
                .map(k -> parse(k.publicJwk()))
                .toList();
    }

    /**
     * The stored public JWK JSON of the active and the next key, in that order, exactly as stored
     * (so that every replica renders the same bytes).
     */
    @Transactional(readOnly = true)
    List<PublishedKey> publishedKeys() {
        return java.util.stream.Stream.concat(active().stream(), next().stream())
                .map(k -> new PublishedKey(k.kid(), k.publicJwk()))
                .toList();
    }

    /** One published public key: its kid and its public JWK as JSON text. */
    record PublishedKey(String kid, String json) {}

    /**
     * Rotates: next → active, active → retired (its encrypted private key is kept for
     * {@code pinwheel.signing.retired-key-grace}, so that {@link #rollback} can undo this), a new next
     * is created. Refused when the served key set does not endorse the next key. Audited.
     *
     * @throws ProblemException {@code key-not-endorsed} (409) saying what to do
     */
    @Transactional
    public SigningKeyRotated rotate() {
        lock();
        SigningKey current = active().orElseThrow(() -> new IllegalStateException("No active signing key"));
        SigningKey upcoming = next().orElseThrow(() -> new IllegalStateException("No next signing key"));
        endorsements.orderedStream().forEach(e -> e.requireEndorsedBeforeActivation(upcoming.kid()));
        current.retire(clock.instant(), properties.retiredKeyGrace());
        keys.saveAndFlush(current);
        upcoming.activate(clock.instant());
        keys.saveAndFlush(upcoming);
        SigningKey created = createNext();
        SigningKeyRotated rotated = new SigningKeyRotated(current.kid(), upcoming.kid(), created.kid());
        events.publishEvent(rotated);
        log.info("Rotated signing keys: {} retired, {} active, {} next", current.kid(), upcoming.kid(), created.kid());
        return rotated;
    }

    /**
     * Rolls back the last rotation: the most recently retired key becomes active again (only while
     * its private key is kept), the active key goes back to next, and the next key created by the
     * rotation is discarded with its private key. Audited with the reason.
     *
     * @throws ProblemException 400 without a reason; {@code signing-key-rollback}
     *                                            (409) when there is nothing to roll back;
     *                                            {@code key-not-endorsed} when the served key set no
     *                                            longer lists the retired key
     */
    @Transactional
    public SigningKeyRolledBack rollback(String reason) {
        if (reason == null || reason.isBlank()) {
            throw ProblemException.invalid("reason", "is required: say why the rotation is undone");
        }
        if (reason.length() > 1000) {
            throw ProblemException.invalid("reason", "must be at most 1000 characters");
        }
        lock();
        Instant now = clock.instant();
        SigningKey current = active().orElseThrow(() -> new IllegalStateException("No active signing key"));
        SigningKey retired = keys.findAll().stream()
                .filter(k -> k.state() == SigningKeyState.RETIRED)
                .filter(k -> k.retiredAt() != null)
                .max(Comparator.comparing(SigningKey::retiredAt))
                .orElse(null);
        if (retired == null || !retired.reinstatable(now)) {
            throw new ProblemException(
                    ProblemType.SIGNING_KEY_ROLLBACK,
                    retired == null
                            ? "No rotation to roll back: no key was ever retired."
                            : "The last retired key " + retired.kid() + " is past its grace period"
                                    + " (pinwheel.signing.retired-key-grace); its private key is gone. Rotate forward instead.");
        }
        endorsements.orderedStream().forEach(e -> e.requireEndorsedBeforeActivation(retired.kid()));
        SigningKey upcoming = next().orElse(null);
        if (upcoming != null) {
            upcoming.discard(now);
            keys.saveAndFlush(upcoming);
        }
        current.demote();
        keys.saveAndFlush(current);
        retired.reinstate(now);
        keys.saveAndFlush(retired);
        SigningKeyRolledBack event = new SigningKeyRolledBack(
                retired.kid(), current.kid(), upcoming == null ? null : upcoming.kid(), reason.trim());
        events.publishEvent(event);
        log.warn(
                "Rolled back a signing key rotation: {} active again, {} next, {} discarded",
                retired.kid(),
                current.kid(),
                event.discardedKid());
        return event;
    }

    /** Drops the private keys of retired keys whose grace period is over; returns how many. */
    @Transactional
    public int purgeRetiredPrivateKeys() {
        lock();
        Instant now = clock.instant();
        int purged = 0;
        for (SigningKey key : keys.findByStateOrderByCreatedAtDesc(SigningKeyState.RETIRED.wireName())) {
            if (key.purgeIfDue(now)) {
                keys.saveAndFlush(key);
                purged++;
                log.info("Dropped the private key of retired signing key {} (grace period over)", key.kid());
            }
        }
        return purged;
    }

    /** The kid of the active key. */
    public String activeKid() {
        return tx.execute(s -> active().orElseThrow(() -> new IllegalStateException("No active signing key"))
                .kid());
    }

    /** The active key id and private key, for {@link BundleSigner} only. */
    ActiveKey activeKey() {
        SigningKey key =
                tx.execute(s -> active().orElseThrow(() -> new IllegalStateException("No active signing key")));
        return new ActiveKey(key.kid(), privateKey(key));
    }

    record ActiveKey(String kid, ECPrivateKey privateKey) {
        @Override
        public String toString() {
            return "ActiveKey[" + kid + "]";
        }
    }

    private java.util.Optional<SigningKey> active() {
        return keys.findByStateOrderByCreatedAtDesc(SigningKeyState.ACTIVE.wireName()).stream()
                .findFirst();
    }

    private java.util.Optional<SigningKey> next() {
        return keys.findByStateOrderByCreatedAtDesc(SigningKeyState.NEXT.wireName()).stream()
                .findFirst();
    }

    /** The master key, loaded on first use (an audit event may need a derived key before start-up ends). */
    MasterKey masterKey() {
        MasterKey loaded = masterKey;
        if (loaded == null) {
            synchronized (this) {
                if (masterKey == null) {
                    masterKey = MasterKey.load(environment, properties);
                }
                loaded = masterKey;
            }
        }
        return loaded;
    }

    private void lock() {
        jdbc.sql("select id from signing_key_lock where id = 1 for update")
                .query(Integer.class)
                .single();
    }

    private SigningKey createNext() {
        try {
            ECKey jwk = new ECKeyGenerator(Curve.P_256)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.ES256)
                    .keyIDFromThumbprint(true)
                    .generate();
            String kid = jwk.getKeyID();
            byte[] pkcs8 = jwk.toECPrivateKey().getEncoded();
            SigningKey key = new SigningKey(
                    kid, jwk.toPublicJWK().toJSONString(), masterKey().encrypt(pkcs8, kid), clock.instant());
            java.util.Arrays.fill(pkcs8, (byte) 0);
            SigningKey saved = keys.saveAndFlush(key);
            events.publishEvent(new SigningKeyCreated(kid, SigningKeyState.NEXT));
            log.info("Created signing key {} (next)", kid);
            return saved;
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot generate a P-256 key", e);
        }
    }

    private ECPrivateKey privateKey(SigningKey key) {
        return masterKey().decryptEcPrivateKey(key.privateKeyEnc(), key.kid());
    }

    private static SigningKeyView view(SigningKey k, Instant now) {
        return new SigningKeyView(
                k.kid(),
                k.state(),
                k.createdAt(),
                k.activatedAt(),
                k.retiredAt(),
                parse(k.publicJwk()),
                k.publicJwk(),
                k.rollbackUntil(now));
    }

    private static Map<String, Object> parse(String json) {
        try {
            return JSONObjectUtils.parse(json);
        } catch (ParseException e) {
            throw new IllegalStateException("Stored public JWK is not JSON", e);
        }
    }
}
