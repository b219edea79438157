package dev.pinwheel.client;

import static dev.pinwheel.client.TestBundles.bundle;
import static dev.pinwheel.client.TestBundles.unusedPin;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBundleStoreTests {

    static final Instant NOW = Instant.now();

    @TempDir
    Path dir;

    private PinwheelClient client(FileBundleStore store, String baseline) {
        return PinwheelClient.create(PinwheelConfig.builder()
                .appId(TestBundles.APP)
                .bundleUrl("https://pins.example.test/v1/apps/banking/bundle")
                .rootKeys(TestTrust.rootJwks(), 1)
                .baselineKeySet(TestTrust.keySet())
                .baselineBundle(baseline)
                .store(store)
                .build());
    }

    @Test
    void keepsTheLastAcceptedBundleAcrossClientRestarts() throws Exception {
        FileBundleStore store = new FileBundleStore(dir.resolve("pinwheel/banking.jws"));
        String baseline = bundle(1, NOW)
                .domain("api.example.test", false, "enforce", unusedPin(1), unusedPin(2))
                .sign();
        String newer = bundle(7, NOW)
                .domain("api.example.test", false, "enforce", unusedPin(3), unusedPin(4))
                .sign();
        try (PinwheelClient first = client(store, baseline)) {
            assertThat(first.offer(newer)).isTrue();
        }

        try (PinwheelClient restarted = client(new FileBundleStore(dir.resolve("pinwheel/banking.jws")), baseline)) {
            assertThat(restarted.bundle().orElseThrow().seq()).isEqualTo(7);
            assertThat(restarted
                            .bundle()
                            .orElseThrow()
                            .domainFor("api.example.test")
                            .orElseThrow()
                            .pins())
                    .containsExactlyInAnyOrder(unusedPin(3), unusedPin(4));
        }
        TrustState.Stored saved = TrustState.Stored.parse(Files.readString(store.file()));
        assertThat(saved.bundle()).isEqualTo(newer);
        assertThat(saved.keySet()).isEqualTo(TestTrust.keySet().trim());
    }

    @Test
    void prefersANewerBaselineShippedWithAnAppUpdate() throws Exception {
        FileBundleStore store = new FileBundleStore(dir.resolve("banking.jws"));
        store.save(bundle(3, NOW).sign());
        String shipped = bundle(9, NOW).sign();

        try (PinwheelClient client = client(store, shipped)) {
            assertThat(client.bundle().orElseThrow().seq()).isEqualTo(9);
        }
        assertThat(TrustState.Stored.parse(store.load().orElseThrow()).bundle()).isEqualTo(shipped);
    }

    @Test
    void ignoresATamperedStoreFileAndFallsBackToTheBaseline() throws Exception {
        FileBundleStore store = new FileBundleStore(dir.resolve("banking.jws"));
        String stored = bundle(8, NOW).sign();
        String[] parts = stored.split("\\.");
        store.save(parts[0] + "."
                + com.nimbusds.jose.util.Base64URL.encode(bundle(99, NOW).payloadJson()) + "." + parts[2]);

        try (PinwheelClient client = client(store, bundle(2, NOW).sign())) {
            assertThat(client.bundle().orElseThrow().seq()).isEqualTo(2);
        }
    }

    @Test
    void replacesTheFileAtomicallySoReadersNeverSeeATornBundle() throws Exception {
        FileBundleStore store = new FileBundleStore(dir.resolve("banking.jws"));
        String small = bundle(1, NOW).sign();
        TestBundles.Builder large = bundle(2, NOW);
        for (int i = 0; i < 200; i++) {
            large.domain("host" + i + ".example.test", false, "enforce", unusedPin(i % 100), unusedPin(100 + i % 100));
        }
        String big = large.sign();
        store.save(small);
        Set<String> valid = Set.of(small, big);
        List<String> torn = new CopyOnWriteArrayList<>();
        AtomicBoolean done = new AtomicBoolean();
        Thread reader = new Thread(() -> {
            while (!done.get()) {
                try {
                    String seen = store.load().orElse("");
                    if (!valid.contains(seen)) {
                        torn.add(seen.length() + " bytes");
                    }
                } catch (Exception e) {
                    torn.add(e.toString());
                }
            }
        });
        reader.start();
        for (int i = 0; i < 100; i++) {
            store.save(i % 2 == 0 ? big : small);
        }
        done.set(true);
        reader.join();

        assertThat(torn).isEmpty();
        assertThat(store.load()).contains(small);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("banking.jws");
        }
    }
}
