package dev.pinwheel.client;

import java.nio.file.Paths;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Command line check of bundles made by any tool, with exactly the client's rules:
 * <pre>
 * java -cp pinwheel-client.jar:... dev.pinwheel.client.BundleCheck --app banking --jwks keys.json \
 *      [--held held.jws] [--now 2026-11-26T12:00:00Z] candidate.jws...
 * </pre>
 * Starts from {@code --held} (if given) as the baseline, offers each candidate in order and prints
 * one line per candidate: {@code ACCEPTED seq=N}, {@code UNCHANGED seq=N} or
 * {@code REJECTED <REASON>: <why>}. Exit status 0 when nothing was rejected, 2 otherwise, 64 on
 * bad usage.
 */
public final class BundleCheck {

    private BundleCheck() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    @SuppressWarnings("deprecation") // directly trusted keys: this is the tooling the deprecated setting is for
    static int run(String[] args, PrintStream out) {
        String app = null;
        Path jwks = null;
        Path held = null;
        Clock clock = Clock.systemUTC();
        List<Path> candidates = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--app" -> app = args[++i];
                    case "--jwks" -> jwks = Paths.get(args[++i]);
                    case "--held" -> held = Paths.get(args[++i]);
                    case "--now" -> clock = Clock.fixed(Instant.parse(args[++i]), ZoneOffset.UTC);
                    default -> candidates.add(Paths.get(args[i]));
                }
            }
            if (app == null || jwks == null || candidates.isEmpty()) {
                throw new IllegalArgumentException("missing --app, --jwks or a candidate bundle");
            }
            PinwheelConfig.Builder config = PinwheelConfig.builder().appId(app)
                    .bundleUrl("https://pinwheel.invalid/v1/apps/" + app + "/bundle")
                    .trustedJwks(new String(Files.readAllBytes(jwks), StandardCharsets.UTF_8)).clock(clock);
            if (held != null) {
                config.baselineBundle(new String(Files.readAllBytes(held), StandardCharsets.UTF_8));
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
                            + client.bundle().map(b -> " (still holding seq=" + b.seq() + ")").orElse(""));
                }
            }
            return rejected ? 2 : 0;
        } catch (IOException | RuntimeException e) {
            out.println("usage: BundleCheck --app <appId> --jwks <keys.json> [--held <held.jws>] [--now <instant>]"
                    + " <bundle.jws>...  (" + e.getMessage() + ")");
            return 64;
        }
    }
}
