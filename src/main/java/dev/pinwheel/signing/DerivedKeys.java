package dev.pinwheel.signing;

import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * MACs under keys derived from the master key, one key per purpose (HKDF-SHA256, see
 * {@code MasterKey#derive}). Other modules get MACs, never a key: the master key and the derived
 * keys stay in this module.
 *
 * <p>Warning: a purpose label names a key. Never reuse a label for another use, and never change
 * one that has been used (every MAC made under it stops verifying).
 */
@Component
public class DerivedKeys {

    /** The keyed audit hash chain. */
    public static final String AUDIT_CHAIN = "pinwheel audit chain v1";
    /** Signed checkpoints of the audit chain for off-site keeping. */
    public static final String AUDIT_CHECKPOINT = "pinwheel audit checkpoint v1";

    private final SigningKeys signingKeys;
    private final Map<String, SecretKeySpec> keys = new ConcurrentHashMap<>();

    DerivedKeys(SigningKeys signingKeys) {
        this.signingKeys = signingKeys;
    }

    /** HMAC-SHA256 of {@code data} under the key derived for {@code purpose}. */
    public byte[] hmacSha256(String purpose, byte[] data) {
        SecretKeySpec key = keys.computeIfAbsent(
                purpose, p -> new SecretKeySpec(signingKeys.masterKey().derive(p), "HmacSHA256"));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
