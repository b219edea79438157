package dev.pinwheel.client;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Command line check of bundles made by any tool, with exactly the client's rules, offline:
 * <pre>
 * java -cp pinwheel-client.jar:... dev.pinwheel.client.BundleCheck --app banking \
 *      --root-keys root-keys.json --threshold 2 --key-set key-set.json \
 *      [--held held.jws] [--now 2026-11-26T12:00:00Z] candidate.jws...
 * </pre>
 * ({@code --root root.json} instead of the root keys; {@code --jwks keys.json} trusts signing keys
 * directly, with no root and no key set.) A candidate whose key the given key set does not list
 * is refused: nothing is fetched.
 * Starts from {@code --held} (if given) as the baseline, offers each candidate in order and prints
 * one line per candidate: {@code ACCEPTED seq=N}, {@code UNCHANGED seq=N} or
 * {@code REJECTED <REASON>: <why>}. Exit status 0 when nothing was rejected, 2 otherwise, 64 on
 * bad usage.
 */
public final class BundleCheck {

    private BundleCheck() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    @SuppressWarnings("deprecation") // directly trusted keys: this is the tooling the deprecated setting is for
    static int run(String[] args, PrintStream out) {
        String app = null;
        Path jwks = null;
        Path rootKeys = null;
        Path rootDocument = null;
        Path keySet = null;
        int threshold = 1;
        long rootVersion = 1;
        Path held = null;
        Clock clock = Clock.systemUTC();
        List<Path> candidates = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--app" -> app = args[++i];
                    case "--jwks" -> jwks = Paths.get(args[++i]);
                    case "--root-keys" -> rootKeys = Paths.get(args[++i]);
                    case "--threshold" -> threshold = Integer.parseInt(args[++i]);
                    case "--root-version" -> rootVersion = Long.parseLong(args[++i]);
                    case "--root" -> rootDocument = Paths.get(args[++i]);
                    case "--key-set" -> keySet = Paths.get(args[++i]);
                    case "--held" -> held = Paths.get(args[++i]);
                    case "--now" -> clock = Clock.fixed(Instant.parse(args[++i]), ZoneOffset.UTC);
                    default -> candidates.add(Paths.get(args[i]));
                }
            }
            if (app == null || (jwks == null && rootKeys == null && rootDocument == null) || candidates.isEmpty()) {
                throw new IllegalArgumentException("missing --app, --root-keys/--root/--jwks or a candidate bundle");
            }
            // offline: a bundle whose key the given key set does not list is refused, nothing is fetched
            PinwheelConfig.Builder config = PinwheelConfig.builder()
                    .appId(app)
                    .bundleUrl("https://pinwheel.invalid/v1/apps/" + app + "/bundle")
                    .clock(clock)
                    .httpClient(new okhttp3.OkHttpClient.Builder()
                            .dns(host -> {
                                throw new java.net.UnknownHostException("BundleCheck works offline");
                            })
                            .build());
            if (jwks != null) {
                config.trustedJwks(read(jwks));
            }
            if (rootKeys != null) {
                config.rootKeys(read(rootKeys), threshold, rootVersion);
            }
            if (rootDocument != null) {
                config.rootDocument(read(rootDocument));
            }
            if (keySet != null) {
                config.baselineKeySet(read(keySet));
            }
            if (held != null) {
                config.baselineBundle(read(held));
            }
            PinwheelClient client = PinwheelClient.create(config.build());
            if (held != null && !client.bundle().isPresent()) {
                out.println("held bundle " + held + " does not verify; starting without one");
            }
            boolean rejected = false;
            for (Path candidate : candidates) {
                String jws = new String(Files.readAllBytes(candidate), StandardCharsets.ISO_8859_1);
                try {
                    boolean accepted = client.offer(jws);
                    out.println(candidate + ": " + (accepted ? "ACCEPTED" : "UNCHANGED") + " seq="
                            + client.bundle().get().seq());
                } catch (BundleRejectedException e) {
                    rejected = true;
                    out.println(candidate + ": REJECTED " + e.reason() + ": " + e.getMessage()
                            + client.bundle()
                                    .map(b -> " (still holding seq=" + b.seq() + ")")
                                    .orElse(""));
                }
            }
            return rejected ? 2 : 0;
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            out.println("usage: BundleCheck: a number is missing or invalid (" + e.getMessage() + ")");
            return 64;
        } catch (IOException | RuntimeException e) {
            out.println(
                    "usage: BundleCheck --app <appId> (--root-keys <root-keys.json> [--threshold N] [--root-version V]"
                            + " | --root <root.json> | --jwks <keys.json>) [--key-set <key-set.json>] [--held <held.jws>]"
                            + " [--now <instant>] <bundle.jws>...  (" + e.getMessage() + ")");
            return 64;
        }
    }

    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }
}
