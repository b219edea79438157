package dev.pinwheel.audit;

import dev.pinwheel.core.AuditableEvent;
import java.util.Map;

/** An auditable event of no real kind, published by the audit tests themselves. */
record SomethingChanged(String target, Map<String, Object> summary) implements AuditableEvent {

    @Override
    public String action() {
        return "thing.changed";
    }
}
