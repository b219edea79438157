package dev.pinwheel.watch;

import dev.pinwheel.pins.PinHash;
import java.time.Instant;
import java.util.List;

/**
 * What one probe of a host saw.
 *
 * @param address      the address connected to; null when the name did not resolve or was refused
 * @param servedPin    the served leaf's key; null when the probe failed
 * @param chainPins    the keys of the whole served chain, leaf first; empty when the probe failed
 * @param leafNotAfter the served leaf's expiry; null when the probe failed
 * @param failure      why the probe failed; null when it succeeded
 */
public record Observation(
        long id,
        String host,
        int port,
        Instant observedAt,
        String address,
        PinHash servedPin,
        List<PinHash> chainPins,
        Instant leafNotAfter,
        String failure) {

    public boolean succeeded() {
        return servedPin != null;
    }
}
