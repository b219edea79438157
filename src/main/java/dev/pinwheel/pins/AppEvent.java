package dev.pinwheel.pins;

import dev.pinwheel.core.AuditableEvent;

/** An audited change of one app; its audit target is {@code app:<appId>}. */
public interface AppEvent extends AuditableEvent {

    /** The app's id; never null. */
    String appId();

    @Override
    default String target() {
        return "app:" + appId();
    }
}
