package dev.pinwheel.bundles;

import dev.pinwheel.pins.AppDeleted;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Deleting an app withdraws its bundles, inside the deleting transaction: they are marked as
 * never to be served again (and kept as history), a notification tells the other replicas
 * (delivered on commit, not at all on rollback) and {@link BundleWithdrawn} tells this one. Without it the last bundle would be served until it expired, silently, because a
 * deleted app is neither re-signed nor counted by the freshness health.
 */
@Component
class BundleWithdrawal {

    private final BundleStore store;
    private final BundleNotifier notifier;
    private final ApplicationEventPublisher events;

    BundleWithdrawal(BundleStore store, BundleNotifier notifier, ApplicationEventPublisher events) {
        this.store = store;
        this.notifier = notifier;
        this.events = events;
    }

    @EventListener
    void on(AppDeleted deleted) {
        store.withdraw(deleted.appId());
        notifier.published(deleted.appId());
        events.publishEvent(new BundleWithdrawn(deleted.appId()));
    }
}
