package dev.pinwheel.reports;

import java.time.Instant;
import java.util.List;

/**
 * One validated pin-failure report. Pins are kept as they are stored and compared within this
 * module: the canonical base64 of a {@link dev.pinwheel.pins.PinHash} ({@code PinHash.base64()});
 * they leave the module as {@code PinHash}.
 *
 * @param hostname      lower case, no trailing dot; never null
 * @param port          may be null (not sent)
 * @param servedPins    pins of the served chain, leaf first; never empty (when the client sent
 *                      only a validated chain, that chain is taken as the served one)
 * @param validatedPins pins of the validated chain; may be empty
 * @param knownPins     the pins the client enforced, sorted and without duplicates; may be empty
 * @param leafSubject   RFC 2253 subject of the served leaf; never null
 * @param leafIssuer    RFC 2253 issuer of the served leaf; never null
 * Every other component may be null when the client did not send it.
 */
record PinFailureReport(
        String hostname,
        Integer port,
        String notedHostname,
        Boolean includeSubdomains,
        Instant effectiveExpirationDate,
        Instant dateTime,
        List<String> servedPins,
        List<String> validatedPins,
        List<String> knownPins,
        String leafSubject,
        String leafIssuer,
        String appVersion,
        String platform,
        Long bundleSeq) {

    String servedLeafPin() {
        return servedPins.get(0);
    }
}
