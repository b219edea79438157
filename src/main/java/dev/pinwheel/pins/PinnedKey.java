package dev.pinwheel.pins;

/** A key a pin set names, with its role: what the {@link PinSetRule}s look at. */
public interface PinnedKey {

    PinHash hash();

    PinRole role();
}
