package dev.pinwheel.client;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** The result of checking one connection's chain against the held bundle. */
final class PinVerdict {

    private final Outcome outcome;
    private final String host;
    private final int port;
    private final Bundle bundle;
    private final DomainPins domain;
    private final List<X509Certificate> served;
    private final List<X509Certificate> validated;

    PinVerdict(
            Outcome outcome,
            String host,
            int port,
            Bundle bundle,
            DomainPins domain,
            List<X509Certificate> served,
            List<X509Certificate> validated) {
        this.outcome = outcome;
        this.host = host;
        this.port = port;
        this.bundle = bundle;
        this.domain = domain;
        this.served = served;
        this.validated = validated;
    }

    Outcome outcome() {
        return outcome;
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    Bundle bundle() {
        return bundle;
    }

    DomainPins domain() {
        return domain;
    }

    List<X509Certificate> served() {
        return served;
    }

    List<X509Certificate> validated() {
        return validated;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PinVerdict that
                && Objects.equals(outcome, that.outcome)
                && Objects.equals(host, that.host)
                && port == that.port
                && Objects.equals(bundle, that.bundle)
                && Objects.equals(domain, that.domain)
                && Objects.equals(served, that.served)
                && Objects.equals(validated, that.validated);
    }

    @Override
    public int hashCode() {
        return Objects.hash(outcome, host, port, bundle, domain, served, validated);
    }

    @Override
    public String toString() {
        return "PinVerdict[outcome=" + outcome + ", host=" + host + ", port=" + port + ", bundle=" + bundle
                + ", domain=" + domain + ", served=" + served + ", validated=" + validated + "]";
    }

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
        return new PinFailure(
                host,
                port,
                domain.host(),
                domain.mode(),
                bundle.seq(),
                domain.pins(),
                validated.stream().map(Pins::of).collect(Collectors.toList()));
    }

    String describe() {
        return "Pin verification failed for " + host + " (bundle seq " + bundleSeq() + ", entry " + domain.host()
                + "): served keys "
                + validated.stream().map(c -> "sha256/" + Pins.of(c)).collect(Collectors.toList())
                + " match none of "
                + domain.pins().stream().map(p -> "sha256/" + p).collect(Collectors.toList());
    }
}
