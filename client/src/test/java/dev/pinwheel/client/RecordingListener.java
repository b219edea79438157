package dev.pinwheel.client;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

final class RecordingListener implements PinwheelListener {

    final List<Bundle> accepted = new CopyOnWriteArrayList<>();
    final List<BundleRejectedException> rejected = new CopyOnWriteArrayList<>();
    final List<IOException> fetchFailures = new CopyOnWriteArrayList<>();
    final List<Bundle> failOpen = new CopyOnWriteArrayList<>();
    final List<PinFailure> pinFailures = new CopyOnWriteArrayList<>();

    @Override
    public void onBundleAccepted(Bundle bundle) {
        accepted.add(bundle);
    }

    @Override
    public void onBundleRejected(BundleRejectedException rejection) {
        rejected.add(rejection);
    }

    @Override
    public void onFetchFailed(IOException error) {
        fetchFailures.add(error);
    }

    @Override
    public void onFailOpen(Bundle staleBundle) {
        failOpen.add(staleBundle);
    }

    @Override
    public void onPinFailure(PinFailure failure) {
        pinFailures.add(failure);
    }
}
