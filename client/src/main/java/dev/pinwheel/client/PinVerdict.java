package dev.pinwheel.client;

import java.security.cert.X509Certificate;
import java.util.List;

/** The result of checking one connection's chain against the held bundle. */
record PinVerdict(Outcome outcome, String host, int port, Bundle bundle, DomainPins domain,
                  List<X509Certificate> served, List<X509Certificate> validated) {

    enum Outcome {
        /** No bundle, or the bundle has no entry for this host. */
        NOT_PINNED,
        /** A certificate of the validated chain carries a pinned key. */
        MATCHED,
        /** The bundle is past exp + maxStaleSeconds: ordinary validation only. */
        FAIL_OPEN,
        /** No pinned key in the validated chain. */
        MISMATCH
    }

    /** Whether the connection must be refused. */
    boolean refuses() {
        return outcome == Outcome.MISMATCH && domain.mode() == PinMode.ENFORCE;
    }

    long bundleSeq() {
        return bundle == null ? 0 : bundle.seq();
    }

    PinFailure failure() {
        return new PinFailure(host, port, domain.host(), domain.mode(), bundle.seq(), domain.pins(),
                validated.stream().map(Pins::of).toList());
    }

    String describe() {
        return "Pin verification failed for " + host + " (bundle seq " + bundleSeq() + ", entry " + domain.host()
                + "): served keys " + validated.stream().map(c -> "sha256/" + Pins.of(c)).toList()
                + " match none of " + domain.pins().stream().map(p -> "sha256/" + p).toList();
    }
}
