package dev.pinwheel.client.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pinwheel.client.Bundle;
import dev.pinwheel.client.BundleRejectedException;
import dev.pinwheel.client.PinFailure;
import dev.pinwheel.client.PinwheelListener;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** What the client told the app during an end-to-end run. */
final class AppEvents implements PinwheelListener {
    final List<Long> accepted = new CopyOnWriteArrayList<>();
    final List<String> rejected = new CopyOnWriteArrayList<>();
    final List<String> fetchFailures = new CopyOnWriteArrayList<>();
    final List<PinFailure> pinFailures = new CopyOnWriteArrayList<>();
    final AtomicInteger failOpen = new AtomicInteger();

    @Override
    public void onBundleAccepted(Bundle bundle) {
        accepted.add(bundle.seq());
    }

    @Override
    public void onBundleRejected(BundleRejectedException rejection) {
        rejected.add(rejection.toString());
    }

    @Override
    public void onFetchFailed(IOException error) {
        fetchFailures.add(error.toString());
    }

    @Override
    public void onFailOpen(Bundle staleBundle) {
        failOpen.incrementAndGet();
    }

    @Override
    public void onPinFailure(PinFailure failure) {
        pinFailures.add(failure);
    }

    /** No bundle refused, no failed fetch, no fail-open. */
    void assertNoTrouble() {
        assertThat(rejected).as("bundles the client refused").isEmpty();
        assertThat(fetchFailures).as("failed bundle fetches").isEmpty();
        assertThat(failOpen).as("fail-open notifications").hasValue(0);
    }
}
