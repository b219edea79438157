package dev.pinwheel.client;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the client holds, as one immutable value: the newest verified root, the root documents it
 * fetched to get there (oldest first, so a restart can verify the chain again from the app's
 * configuration), the verified key set and the bundle. Stored as one text, so a store that
 * replaces its text atomically never leaves a root, key set and bundle that do not belong together.
 */
final class TrustState {

    static final String FORMAT = "pinwheel-client-state/1";

    final TrustRoot root;
    final List<String> rootChain;
    final KeySet keySet;
    final Bundle bundle;

    TrustState(TrustRoot root, List<String> rootChain, KeySet keySet, Bundle bundle) {
        this.root = root;
        this.rootChain = Collections.unmodifiableList(new ArrayList<>(rootChain));
        this.keySet = keySet;
        this.bundle = bundle;
    }

    TrustState withBundle(Bundle newBundle) {
        return new TrustState(root, rootChain, keySet, newBundle);
    }

    /** The text a {@link BundleStore} keeps: a JSON object with the root chain, key set and bundle. */
    String serialize() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", FORMAT);
        json.put("roots", new ArrayList<Object>(rootChain));
        if (keySet != null && keySet.document != null) {
            json.put("keySet", keySet.document);
        }
        if (bundle != null) {
            json.put("bundle", bundle.jws());
        }
        return JSONObjectUtils.toJSONString(json);
    }

    /** Stored text, not yet verified: root documents, key set and bundle (each may be absent). */
    static final class Stored {

        private final List<String> roots;
        private final String keySet;
        private final String bundle;

        Stored(List<String> roots, String keySet, String bundle) {
            this.roots = roots;
            this.keySet = keySet;
            this.bundle = bundle;
        }

        List<String> roots() {
            return roots;
        }

        String keySet() {
            return keySet;
        }

        String bundle() {
            return bundle;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Stored that
                    && Objects.equals(roots, that.roots)
                    && Objects.equals(keySet, that.keySet)
                    && Objects.equals(bundle, that.bundle);
        }

        @Override
        public int hashCode() {
            return Objects.hash(roots, keySet, bundle);
        }

        @Override
        public String toString() {
            return "Stored[roots=" + roots + ", keySet=" + keySet + ", bundle=" + bundle + "]";
        }

        /** Reads {@link #serialize()}'s text, or a bare compact JWS bundle as stored by earlier versions. */
        static Stored parse(String text) throws ParseException {
            String trimmed = text.trim();
            if (!trimmed.startsWith("{")) {
                return new Stored(Collections.emptyList(), null, trimmed);
            }
            Map<String, Object> json = JSONObjectUtils.parse(trimmed);
            if (!FORMAT.equals(json.get("format"))) {
                throw new ParseException("unknown stored state format " + json.get("format"), 0);
            }
            List<String> roots = new ArrayList<>();
            Object list = json.get("roots");
            if (list instanceof List<?> items) {
                for (Object item : items) {
                    if (!(item instanceof String s)) {
                        throw new ParseException("a stored root is not a string", 0);
                    }
                    roots.add(s);
                }
            }
            return new Stored(roots, string(json, "keySet"), string(json, "bundle"));
        }

        private static String string(Map<String, Object> json, String name) throws ParseException {
            Object value = json.get(name);
            if (value != null && !(value instanceof String)) {
                throw new ParseException(name + " is not a string", 0);
            }
            return (String) value;
        }
    }
}
