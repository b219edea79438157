package dev.pinwheel.pins;

/** A pin set change named a version that is no longer the domain's current one: read again and retry. */
public class StalePinSetVersion extends dev.pinwheel.core.DomainException {

    private final HostName host;
    private final int expectedVersion;
    private final int currentVersion;

    public StalePinSetVersion(HostName host, int expectedVersion, int currentVersion) {
        super("The change was made against pin set version " + expectedVersion + " of " + host
                + " but the current version is " + currentVersion + ".");
        this.host = host;
        this.expectedVersion = expectedVersion;
        this.currentVersion = currentVersion;
    }

    public HostName host() {
        return host;
    }

    public int expectedVersion() {
        return expectedVersion;
    }

    public int currentVersion() {
        return currentVersion;
    }
}
