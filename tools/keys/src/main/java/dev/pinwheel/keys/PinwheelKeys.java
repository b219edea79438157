package dev.pinwheel.keys;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code pinwheel-keys}: the offline operator tool for Pinwheel's root of trust.
 *
 * <pre>
 * init          generate root keys into passphrase-protected files and sign root version 1
 * sign-key-set  sign the key-set proposal of the service (file or fetched) and write / upload it
 * new-root      generate the keys of the next root version and sign it with them
 * sign-root     add signatures (old and kept keys) to a new root version, optionally upload it
 * verify        verify a chain: root versions from a trusted version 1 on, and a key set
 * </pre>
 *
 * Passphrases come from {@code --passphrase-file}, {@code --passphrase-env} or a terminal prompt, and
 * are never printed. Exit status: 0 done, 1 refused or failed, 2 usage error.
 */
public final class PinwheelKeys {

    static final String USAGE = """
            Usage: pinwheel-keys <command> [options]

              init         --issuer URL --keys N --threshold T --out DIR [--days 365]
              sign-key-set --key FILE... (--proposal FILE | --server URL | --in FILE) [--in FILE] --out FILE
                           [--upload --server URL]
              new-root     --previous ROOT.json --new-keys N --threshold T --out DIR [--keep KID...] [--days 365]
              sign-root    --in ROOT.json --key FILE... [--out FILE] [--upload --server URL]
              verify       --root ROOT-1.json [--root ROOT-2.json...] [--key-set FILE] [--server URL]

            Passphrases: --passphrase-file FILE, --passphrase-env VAR, or a prompt on the terminal.
            Server calls: --server https://pins.example.com, bearer token from $PINWHEEL_TOKEN
            (or --token-env VAR). See docs/key-ceremony.md.
            """;

    private final PrintStream out;
    private final PrintStream err;
    private final Function<String, String> env;
    private final Console console;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    PinwheelKeys(PrintStream out, PrintStream err, Function<String, String> env, Console console) {
        this.out = out;
        this.err = err;
        this.env = env;
        this.console = console;
    }

    public static void main(String[] args) {
        System.exit(new PinwheelKeys(System.out, System.err, System::getenv, System.console()).run(args));
    }

    /** Runs one command; returns the exit status. */
    int run(String[] args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("help")) {
            out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        Options o;
        try {
            o = Options.parse(Arrays.copyOfRange(args, 1, args.length));
        } catch (ToolException e) {
            err.println("pinwheel-keys: " + e.getMessage());
            return 2;
        }
        try {
            switch (args[0]) {
                case "init" -> init(o);
                case "sign-key-set" -> signKeySet(o);
                case "new-root" -> newRoot(o);
                case "sign-root" -> signRoot(o);
                case "verify" -> verify(o);
                default -> {
                    err.println("pinwheel-keys: unknown command " + args[0]);
                    err.print(USAGE);
                    return 2;
                }
            }
            return 0;
        } catch (UsageException e) {
            err.println("pinwheel-keys: " + e.getMessage());
            return 2;
        } catch (ToolException e) {
            err.println("pinwheel-keys: refused: " + e.getMessage());
            return 1;
        }
    }

    // ---- commands -------------------------------------------------------------------------------

    private void init(Options o) {
        String issuer = o.required("issuer");
        requireHttpUrl(issuer, "--issuer");
        int count = o.integer("keys", 3);
        int threshold = o.integer("threshold", -1);
        if (count < 1 || count > 20) {
            throw new UsageException("--keys must be between 1 and 20");
        }
        if (threshold < 1 || threshold > count) {
            throw new UsageException("--threshold must be between 1 and --keys (" + count + ")");
        }
        Path dir = Path.of(o.required("out"));
        Path rootFile = dir.resolve("root-1.json");
        if (Files.exists(rootFile)) {
            throw new ToolException("Refusing to overwrite " + rootFile + ".");
        }
        char[] passphrase = newPassphrase(o);
        try {
            List<ECKey> keys = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
                ECKey key = KeyFiles.generate();
                KeyFiles.write(dir.resolve("root-key-" + i + ".pem"), key, passphrase);
                keys.add(key);
            }
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            Documents.Document doc = Documents.unsigned(Documents.rootPayload(
                    issuer, 1, threshold, keys, now, now.plus(Duration.ofDays(o.integer("days", 365)))));
            for (ECKey key : keys) {
                doc = Documents.sign(doc, Documents.ROOT_TYPE, key);
            }
            ChainVerifier.root(doc.toJson(), null);
            write(rootFile, doc.toJson());
            out.println("Root version 1: threshold " + threshold + " of " + count + " key(s), issuer " + issuer);
            for (int i = 0; i < keys.size(); i++) {
                out.println("  " + dir.resolve("root-key-" + (i + 1) + ".pem") + "  kid "
                        + keys.get(i).getKeyID());
            }
            out.println("Wrote " + rootFile + ". Upload it (admin): POST /admin/v1/trust/roots, and ship it (or the"
                    + " keys and threshold) in your apps. Give each key file to its custodian and keep it offline.");
        } finally {
            Arrays.fill(passphrase, '\0');
        }
    }

    private void signKeySet(Options o) {
        Documents.Document doc;
        if (o.has("in")) {
            doc = Documents.parse(read(Path.of(o.required("in"))));
        } else if (o.has("proposal")) {
            doc = proposalDocument(read(Path.of(o.required("proposal"))));
        } else if (o.has("server")) {
            doc = proposalDocument(get(o, "/admin/v1/trust/key-set/proposal", true));
        } else {
            throw new UsageException("give --proposal FILE, --server URL or --in FILE");
        }
        Map<String, Object> p = doc.payloadJson();
        if (!"key-set".equals(p.get("type"))) {
            throw new ToolException("Refusing to sign: the payload is not a key set (type " + p.get("type") + ").");
        }
        describeKeySet(p);
        doc = signWithKeys(o, doc, Documents.KEY_SET_TYPE);
        Path target = Path.of(o.required("out"));
        writeReplacing(target, doc.toJson());
        out.println("Wrote " + target + " with " + doc.signatures().size() + " signature(s).");
        if (o.flag("upload")) {
            upload(o, "/admin/v1/trust/key-set/signatures", doc.toJson());
        }
    }

    private void newRoot(Options o) {
        String previousJson = read(Path.of(o.required("previous")));
        Documents.Document previousDoc = Documents.parse(previousJson);
        Map<String, Object> previous = previousDoc.payloadJson();
        if (!"root".equals(previous.get("type"))) {
            throw new ToolException("--previous is not a root version.");
        }
        int version = ((Number) previous.get("version")).intValue() + 1;
        String issuer = (String) previous.get("iss");
        Map<String, ECKey> previousKeys = new LinkedHashMap<>();
        for (Object jwk : (List<?>) previous.get("keys")) {
            try {
                @SuppressWarnings("unchecked")
                ECKey k = ECKey.parse((Map<String, Object>) jwk);
                previousKeys.put(k.getKeyID(), k);
            } catch (ParseException e) {
                throw new ToolException("--previous lists an invalid key.");
            }
        }
        List<ECKey> keys = new ArrayList<>();
        for (String kid : o.all("keep")) {
            ECKey kept = previousKeys.get(kid);
            if (kept == null) {
                throw new ToolException("--keep " + kid + " is not a key of root version " + (version - 1) + ".");
            }
            keys.add(kept);
        }
        int count = o.integer("new-keys", 0);
        if (count < 0 || count > 20 || count + keys.size() == 0) {
            throw new UsageException("--new-keys must be between 0 and 20, and the new root needs at least one key");
        }
        int threshold = o.integer("threshold", -1);
        if (threshold < 1 || threshold > count + keys.size()) {
            throw new UsageException(
                    "--threshold must be between 1 and the number of keys (" + (count + keys.size()) + ")");
        }
        Path dir = Path.of(o.required("out"));
        Path rootFile = dir.resolve("root-" + version + ".json");
        if (Files.exists(rootFile)) {
            throw new ToolException("Refusing to overwrite " + rootFile + ".");
        }
        List<ECKey> created = new ArrayList<>();
        if (count > 0) {
            char[] passphrase = newPassphrase(o);
            try {
                for (int i = 1; i <= count; i++) {
                    ECKey key = KeyFiles.generate();
                    KeyFiles.write(dir.resolve("root-key-v" + version + "-" + i + ".pem"), key, passphrase);
                    created.add(key);
                }
            } finally {
                Arrays.fill(passphrase, '\0');
            }
        }
        keys.addAll(created);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Documents.Document doc = Documents.unsigned(Documents.rootPayload(
                issuer, version, threshold, keys, now, now.plus(Duration.ofDays(o.integer("days", 365)))));
        for (ECKey key : created) {
            doc = Documents.sign(doc, Documents.ROOT_TYPE, key);
        }
        write(rootFile, doc.toJson());
        out.println("Root version " + version + ": threshold " + threshold + " of " + keys.size() + " key(s)");
        for (ECKey k : keys) {
            out.println("  kid " + k.getKeyID() + (created.contains(k) ? " (new)" : " (kept)"));
        }
        out.println("Wrote " + rootFile + ", signed by the " + created.size() + " new key(s). It is valid once "
                + previous.get("threshold") + " key(s) of version " + (version - 1) + " (and " + threshold
                + " of its own) sign it: pinwheel-keys sign-root --in " + rootFile + " --key <old key file>...");
    }

    private void signRoot(Options o) {
        Path in = Path.of(o.required("in"));
        Documents.Document doc = Documents.parse(read(in));
        Map<String, Object> p = doc.payloadJson();
        if (!"root".equals(p.get("type"))) {
            throw new ToolException(
                    "Refusing to sign: the payload is not a root version (type " + p.get("type") + ").");
        }
        out.println("Signing root version " + p.get("version") + " (threshold " + p.get("threshold") + ", issuer "
                + p.get("iss") + ")");
        doc = signWithKeys(o, doc, Documents.ROOT_TYPE);
        Path target = o.has("out") ? Path.of(o.required("out")) : in;
        writeReplacing(target, doc.toJson());
        out.println("Wrote " + target + " with " + doc.signatures().size() + " signature(s).");
        if (o.flag("upload")) {
            upload(o, "/admin/v1/trust/roots", doc.toJson());
        }
    }

    private void verify(Options o) {
        List<String> rootFiles = o.all("root");
        if (rootFiles.isEmpty()) {
            throw new UsageException("give at least --root ROOT-1.json (the version your apps trust)");
        }
        ChainVerifier.Root root = null;
        for (String file : rootFiles) {
            root = ChainVerifier.root(read(Path.of(file)), root);
            out.println("root version " + root.version() + ": OK (threshold " + root.threshold() + " of "
                    + root.keys().size() + ")");
        }
        String keySetJson = null;
        if (o.has("server")) {
            int latest = ((Number) Documents.parse(get(o, "/v1/trust/roots/latest", false))
                            .payloadJson()
                            .get("version"))
                    .intValue();
            for (int v = root.version() + 1; v <= latest; v++) {
                root = ChainVerifier.root(get(o, "/v1/trust/roots/" + v, false), root);
                out.println("root version " + root.version() + " (from the server): OK (threshold " + root.threshold()
                        + " of " + root.keys().size() + ")");
            }
            keySetJson = get(o, "/v1/trust/key-set", false);
        }
        if (o.has("key-set")) {
            keySetJson = read(Path.of(o.required("key-set")));
        }
        if (!root.expiresAt().isAfter(Instant.now())) {
            throw new ToolException("root version " + root.version() + " expired at " + root.expiresAt() + ".");
        }
        if (keySetJson != null) {
            ChainVerifier.KeySet keySet = ChainVerifier.keySet(keySetJson, root);
            if (!keySet.expiresAt().isAfter(Instant.now())) {
                throw new ToolException(
                        "key set version " + keySet.version() + " expired at " + keySet.expiresAt() + ".");
            }
            out.println("key set version " + keySet.version() + ": OK (root version " + keySet.rootVersion()
                    + ", expires " + keySet.expiresAt() + ") lists " + keySet.kids());
        }
        out.println("Chain verified.");
    }

    // ---- helpers --------------------------------------------------------------------------------

    private Documents.Document proposalDocument(String json) {
        try {
            Map<String, Object> m = JSONObjectUtils.parse(json);
            if (m.get("payload") instanceof String payload && m.containsKey("decoded")) {
                return new Documents.Document(payload, new ArrayList<>());
            }
        } catch (ParseException e) {
            throw new ToolException("The proposal is not JSON.");
        }
        throw new ToolException("Not a proposal ({\"payload\": ..., \"decoded\": ...} expected).");
    }

    private void describeKeySet(Map<String, Object> p) {
        out.println("Key set version " + p.get("version") + " for root version " + p.get("rootVersion") + ", issuer "
                + p.get("iss") + ", valid until " + Instant.ofEpochSecond(((Number) p.get("exp")).longValue()));
        for (Object k : (List<?>) p.get("keys")) {
            Map<?, ?> jwk = (Map<?, ?>) k;
            out.println("  " + jwk.get("state") + "  " + jwk.get("kid"));
        }
    }

    private Documents.Document signWithKeys(Options o, Documents.Document doc, String typ) {
        List<String> files = o.all("key");
        if (files.isEmpty()) {
            throw new UsageException("give at least one --key FILE");
        }
        for (String file : files) {
            char[] passphrase = passphrase(o, "Passphrase for " + file + ": ");
            try {
                ECKey key = KeyFiles.read(Path.of(file), passphrase);
                doc = Documents.sign(doc, typ, key);
                out.println("Signed with " + key.getKeyID() + " (" + file + ")");
            } finally {
                Arrays.fill(passphrase, '\0');
            }
        }
        return doc;
    }

    private char[] newPassphrase(Options o) {
        if (o.has("passphrase-file") || o.has("passphrase-env")) {
            return passphrase(o, null);
        }
        char[] first = prompt("Passphrase for the new key file(s): ");
        char[] second = prompt("Repeat the passphrase: ");
        try {
            if (!Arrays.equals(first, second)) {
                throw new ToolException("The passphrases differ.");
            }
            return first.clone();
        } finally {
            Arrays.fill(first, '\0');
            Arrays.fill(second, '\0');
        }
    }

    private char[] passphrase(Options o, String prompt) {
        if (o.has("passphrase-file")) {
            Path file = Path.of(o.required("passphrase-file"));
            try {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                int end = text.indexOf('\n');
                String line = end >= 0 ? text.substring(0, end) : text;
                return (line.endsWith("\r") ? line.substring(0, line.length() - 1) : line).toCharArray();
            } catch (IOException e) {
                throw new ToolException("Cannot read the passphrase file " + file + ".");
            }
        }
        if (o.has("passphrase-env")) {
            String name = o.required("passphrase-env");
            String value = env.apply(name);
            if (value == null || value.isEmpty()) {
                throw new ToolException("The environment variable " + name + " is not set.");
            }
            return value.toCharArray();
        }
        return prompt(prompt == null ? "Passphrase: " : prompt);
    }

    private char[] prompt(String text) {
        if (console == null) {
            throw new UsageException("no passphrase source: use --passphrase-file FILE or --passphrase-env VAR, or run"
                    + " in a terminal");
        }
        char[] value = console.readPassword("%s", text);
        if (value == null) {
            throw new ToolException("No passphrase entered.");
        }
        return value;
    }

    private String get(Options o, String path, boolean admin) {
        HttpResponse<String> r = send(o, HttpRequest.newBuilder(uri(o, path)).GET(), admin);
        if (r.statusCode() != 200) {
            throw new ToolException("GET " + path + " answered " + r.statusCode() + ": " + problem(r.body()));
        }
        return r.body();
    }

    private void upload(Options o, String path, String document) {
        HttpResponse<String> r = send(
                o,
                HttpRequest.newBuilder(uri(o, path))
                        .header("Content-Type", "application/jose+json")
                        .POST(HttpRequest.BodyPublishers.ofString(document)),
                true);
        if (r.statusCode() / 100 != 2) {
            throw new ToolException("POST " + path + " answered " + r.statusCode() + ": " + problem(r.body()));
        }
        out.println("Uploaded: " + r.statusCode() + " " + r.body());
    }

    private HttpResponse<String> send(Options o, HttpRequest.Builder request, boolean admin) {
        if (admin) {
            String name = o.has("token-env") ? o.required("token-env") : "PINWHEEL_TOKEN";
            String token = env.apply(name);
            if (token == null || token.isBlank()) {
                throw new ToolException("Set " + name + " to an API token (publisher, or admin for roots).");
            }
            request.header("Authorization", "Bearer " + token.trim());
        }
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ToolException("Cannot reach the server (" + e.getClass().getSimpleName() + ").");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolException("Interrupted.");
        }
    }

    private static URI uri(Options o, String path) {
        String base = o.required("server");
        requireHttpUrl(base, "--server");
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
    }

    private static void requireHttpUrl(String value, String option) {
        try {
            URI uri = new URI(value);
            if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                throw new UsageException(option + " must be an http(s) URL");
            }
        } catch (java.net.URISyntaxException e) {
            throw new UsageException(option + " must be an http(s) URL");
        }
    }

    private static String problem(String body) {
        try {
            Object detail = JSONObjectUtils.parse(body).get("detail");
            return detail != null ? detail.toString() : body;
        } catch (ParseException e) {
            return body.length() > 300 ? body.substring(0, 300) : body;
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ToolException("Cannot read " + file + ".");
        }
    }

    private static void write(Path file, String text) {
        if (Files.exists(file)) {
            throw new ToolException("Refusing to overwrite " + file + ".");
        }
        writeReplacing(file, text);
    }

    private static void writeReplacing(Path file, String text) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.writeString(file, text + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ToolException("Cannot write " + file + ".");
        }
    }

    /** A usage error: exit status 2. */
    static final class UsageException extends ToolException {
        UsageException(String message) {
            super(message);
        }
    }
}
