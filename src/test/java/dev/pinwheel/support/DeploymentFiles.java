package dev.pinwheel.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/** Reads the deployment files at the repository root, so tests start the jar exactly as they do. */
public final class DeploymentFiles {

    private DeploymentFiles() {}

    /** The Dockerfile's exec-form ENTRYPOINT as a command line. */
    public static List<String> dockerEntrypoint() {
        Matcher m = Pattern.compile("(?m)^ENTRYPOINT \\[(.*)]$").matcher(read(Path.of("Dockerfile")));
        if (!m.find()) {
            throw new IllegalStateException("Dockerfile has no exec-form ENTRYPOINT");
        }
        List<String> args = new ArrayList<>();
        Matcher arg = Pattern.compile("\"([^\"]*)\"").matcher(m.group(1));
        while (arg.find()) {
            args.add(arg.group(1));
        }
        return args;
    }

    /** The names of the environment variables docker-compose.yml gives the pinwheel service. */
    @SuppressWarnings("unchecked")
    public static List<String> composeVariables() {
        Map<String, Object> compose = new Yaml().load(read(Path.of("docker-compose.yml")));
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        Map<String, Object> service = (Map<String, Object>) services.get("pinwheel");
        return List.copyOf(((Map<String, Object>) service.get("environment")).keySet());
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
