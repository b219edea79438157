package dev.pinwheel.client;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Builds the chain that pins are checked against from what the server sent. A server (or a
 * man in the middle) may send extra certificates; only certificates that actually sign the one
 * below them, starting at the leaf that passed host-name validation, count — plus the trust
 * anchor that signs the top, when the server left it out. The same idea as OkHttp's
 * certificate chain cleaner.
 */
final class PeerChain {

    private static final int MAX_DEPTH = 9;

    private PeerChain() {}

    static List<X509Certificate> x509(List<? extends Certificate> certificates) {
        List<X509Certificate> result = new ArrayList<>();
        for (Certificate certificate : certificates) {
            if (certificate instanceof X509Certificate x509) {
                result.add(x509);
            }
        }
        return result;
    }

    static List<X509Certificate> validated(List<X509Certificate> served, X509Certificate[] anchors) {
        List<X509Certificate> chain = new ArrayList<>();
        if (served.isEmpty()) {
            return chain;
        }
        List<X509Certificate> remaining = new ArrayList<>(served.subList(1, served.size()));
        X509Certificate current = served.get(0);
        chain.add(current);
        for (int depth = 0; depth < MAX_DEPTH; depth++) {
            X509Certificate anchor = issuerAmong(
                    current,
                    anchors == null ? Collections.<X509Certificate>emptyList() : java.util.Arrays.asList(anchors));
            if (anchor != null) {
                if (!anchor.equals(current)) {
                    chain.add(anchor);
                }
                return chain;
            }
            X509Certificate issuer = issuerAmong(current, remaining);
            if (issuer == null || issuer.equals(current)) {
                return chain;
            }
            remaining.remove(issuer);
            chain.add(issuer);
            current = issuer;
        }
        return chain;
    }

    private static X509Certificate issuerAmong(X509Certificate child, List<X509Certificate> candidates) {
        for (X509Certificate candidate : candidates) {
            if (candidate.getSubjectX500Principal().equals(child.getIssuerX500Principal()) && signs(candidate, child)) {
                return candidate;
            }
        }
        return null;
    }

    private static boolean signs(X509Certificate issuer, X509Certificate child) {
        try {
            child.verify(issuer.getPublicKey());
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
