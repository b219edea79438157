package dev.pinwheel.signing;

import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
    private volatile MasterKey masterKey;

    SigningKeys(SigningKeyRepository keys, JdbcClient jdbc, TransactionTemplate tx, ApplicationEventPublisher events,
            Clock clock, Environment environment, SigningProperties properties) {
        this.keys = keys;
        this.jdbc = jdbc;
        this.tx = tx;
        this.events = events;
        this.clock = clock;
        this.environment = environment;
        this.properties = properties;
    }

    /** Loads the master key, creates the first keys if there are none, and proves the master key opens them. */
    @Override
    public void afterSingletonsInstantiated() {
        masterKey();
        tx.executeWithoutResult(status -> {
            lock();
            List<SigningKey> usable = keys.findAll().stream().filter(k -> k.state() != SigningKeyState.RETIRED)
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
        return keys.findAllNewestFirst().stream().map(SigningKeys::view).toList();
    }

    /** The public JWKs of the active and the next key (the ones clients ship and trust). */
    @Transactional(readOnly = true)
    public List<Map<String, Object>> publishedJwks() {
        return java.util.stream.Stream.concat(active().stream(), next().stream())
                .map(k -> parse(k.publicJwk())).toList();
    }

    /**
     * The stored public JWK JSON of the active and the next key, in that order, exactly as stored
     * (so that every replica renders the same bytes).
     */
    @Transactional(readOnly = true)
    List<PublishedKey> publishedKeys() {
        return java.util.stream.Stream.concat(active().stream(), next().stream())
                .map(k -> new PublishedKey(k.kid(), k.publicJwk())).toList();
    }

    /** One published public key: its kid and its public JWK as JSON text. */
    record PublishedKey(String kid, String json) {
    }

    /**
     * Rotates: next → active, active → retired (its private key is dropped), a new next is created.
     * Audited.
     */
    @Transactional
    public SigningKeyRotated rotate() {
        lock();
        SigningKey current = active().orElseThrow(() -> new IllegalStateException("No active signing key"));
        SigningKey upcoming = next().orElseThrow(() -> new IllegalStateException("No next signing key"));
        current.retire(clock.instant());
        keys.saveAndFlush(current);
        upcoming.activate(clock.instant());
        keys.saveAndFlush(upcoming);
        SigningKey created = createNext();
        SigningKeyRotated rotated = new SigningKeyRotated(current.kid(), upcoming.kid(), created.kid());
        events.publishEvent(rotated);
        log.info("Rotated signing keys: {} retired, {} active, {} next", current.kid(), upcoming.kid(), created.kid());
        return rotated;
    }

    /** The active key id and private key, for {@link BundleSigner} only. */
    ActiveKey activeKey() {
        SigningKey key = tx.execute(s -> active().orElseThrow(() -> new IllegalStateException("No active signing key")));
        return new ActiveKey(key.kid(), privateKey(key));
    }

    record ActiveKey(String kid, ECPrivateKey privateKey) {
        @Override
        public String toString() {
            return "ActiveKey[" + kid + "]";
        }
    }

    private java.util.Optional<SigningKey> active() {
        return keys.findByStateOrderByCreatedAtDesc(SigningKeyState.ACTIVE.wireName()).stream().findFirst();
    }

    private java.util.Optional<SigningKey> next() {
        return keys.findByStateOrderByCreatedAtDesc(SigningKeyState.NEXT.wireName()).stream().findFirst();
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
        jdbc.sql("select id from signing_key_lock where id = 1 for update").query(Integer.class).single();
    }

    private SigningKey createNext() {
        try {
            ECKey jwk = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
                    .keyIDFromThumbprint(true).generate();
            String kid = jwk.getKeyID();
            byte[] pkcs8 = jwk.toECPrivateKey().getEncoded();
            SigningKey key = new SigningKey(kid, jwk.toPublicJWK().toJSONString(), masterKey().encrypt(pkcs8, kid),
                    clock.instant());
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
        byte[] pkcs8 = masterKey().decrypt(key.privateKeyEnc(), key.kid());
        try {
            return (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("Stored signing key " + key.kid() + " is not a valid EC private key");
        } finally {
            java.util.Arrays.fill(pkcs8, (byte) 0);
        }
    }

    private static SigningKeyView view(SigningKey k) {
        return new SigningKeyView(k.kid(), k.state(), k.createdAt(), k.activatedAt(), k.retiredAt(),
                parse(k.publicJwk()));
    }

    private static Map<String, Object> parse(String json) {
        try {
            return JSONObjectUtils.parse(json);
        } catch (ParseException e) {
            throw new IllegalStateException("Stored public JWK is not JSON", e);
        }
    }
}
