package dev.pinwheel.client;

import java.util.List;
import java.util.Set;

/**
 * A chain that matched none of its domain's pins.
 *
 * @param hostname    the host connected to
 * @param port        the port connected to
 * @param notedHost   the bundle entry that applied (the host itself or a parent with includeSubdomains)
 * @param mode        enforce (the connection was refused) or report (it was allowed)
 * @param bundleSeq   the seq of the bundle whose pins were checked
 * @param knownPins   the pins of that entry
 * @param servedPins  the pins of the validated chain the server presented, leaf first
 */
public record PinFailure(String hostname, int port, String notedHost, PinMode mode, long bundleSeq,
                         Set<String> knownPins, List<String> servedPins) {
}
