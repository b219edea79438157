package dev.pinwheel.alerts;

import dev.pinwheel.pins.PinHash;

/**
 * A pin-failure report was classified as a possible interception (the served chain matches no
 * pin the app ever published). Published by the report intake; counted here for spikes, so that
 * alerts need not know the reports module.
 *
 * @param servedPin pin of the served leaf
 */
public record InterceptionReported(String appId, String host, PinHash servedPin) {}
