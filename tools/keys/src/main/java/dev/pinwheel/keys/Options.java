package dev.pinwheel.keys;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --name value} options (repeatable) and {@code --flag} switches. */
final class Options {

    private static final Set<String> FLAGS = Set.of("upload");
    private static final Set<String> KNOWN = Set.of(
            "issuer",
            "keys",
            "threshold",
            "out",
            "days",
            "key",
            "proposal",
            "server",
            "in",
            "previous",
            "new-keys",
            "keep",
            "root",
            "key-set",
            "passphrase-file",
            "passphrase-env",
            "token-env",
            "upload");

    private final Map<String, List<String>> values = new LinkedHashMap<>();

    static Options parse(String[] args) {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || !KNOWN.contains(a.substring(2))) {
                throw new PinwheelKeys.UsageException("unknown option " + a);
            }
            String name = a.substring(2);
            if (FLAGS.contains(name)) {
                o.values.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
                continue;
            }
            if (i + 1 >= args.length) {
                throw new PinwheelKeys.UsageException(a + " needs a value");
            }
            o.values.computeIfAbsent(name, k -> new ArrayList<>()).add(args[++i]);
        }
        return o;
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    boolean flag(String name) {
        return values.containsKey(name);
    }

    String required(String name) {
        List<String> v = values.get(name);
        if (v == null) {
            throw new PinwheelKeys.UsageException("--" + name + " is required");
        }
        if (v.size() > 1) {
            throw new PinwheelKeys.UsageException("--" + name + " is given more than once");
        }
        return v.get(0);
    }

    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    int integer(String name, int fallback) {
        if (!has(name)) {
            return fallback;
        }
        try {
            return Integer.parseInt(required(name));
        } catch (NumberFormatException e) {
            throw new PinwheelKeys.UsageException("--" + name + " must be a whole number");
        }
    }
}
