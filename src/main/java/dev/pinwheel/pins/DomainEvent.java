package dev.pinwheel.pins;

import dev.pinwheel.core.AuditableEvent;

/**
 * An audited change of one domain (its settings, pin set, certificates, live check or a
 * rotation); its audit target is {@code domain:<host>}, which is how a domain's history is searched.
 */
public interface DomainEvent extends AuditableEvent {

    /** The domain's host name; never null. */
    String host();

    @Override
    default String target() {
        return "domain:" + host();
    }
}
