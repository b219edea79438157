package dev.pinwheel.core.runtime;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * Refuses to start the {@code prod} profile half-configured: without a PostgreSQL
 * {@code SPRING_DATASOURCE_URL} and {@code SPRING_DATASOURCE_USERNAME}, without a master key ({@code PINWHEEL_MASTER_KEY} or a readable
 * {@code PINWHEEL_MASTER_KEY_FILE}), without an absolute https issuer URL (http only to a loopback host)
 * ({@code PINWHEEL_BUNDLES_ISSUER}), with a secret still holding the {@code .env.example} placeholder,
 * with secret generation switched on, or with an online root that {@code pinwheel.trust.allow-online-root}
 * does not explicitly allow. It runs once the
 * environment is prepared and logging is set up (so the refusal follows the configured log format),
 * before any bean exists, and throws {@link ProductionSettingsMissingException}; its failure analyzer
 * prints the one line naming every missing setting.
 *
 * <p><b>Warning:</b> the problems it reports name settings, never their values: a datasource URL may
 * hold a password and a master key is a secret.
 */
public class ProductionSettingsCheck implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

    /** The profile that turns the check on. */
    public static final String PROFILE = "prod";

    static final String MASTER_KEY = "PINWHEEL_MASTER_KEY";
    static final String MASTER_KEY_FILE = "PINWHEEL_MASTER_KEY_FILE";
    static final String BOOTSTRAP_TOKEN = "PINWHEEL_BOOTSTRAP_TOKEN";
    /** How every secret placeholder in {@code .env.example} starts. */
    static final String PLACEHOLDER = "replace-me";

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        ConfigurableEnvironment environment = event.getEnvironment();
        if (!environment.acceptsProfiles(Profiles.of(PROFILE))) {
            return;
        }
        List<String> problems = problems(environment);
        if (!problems.isEmpty()) {
            throw new ProductionSettingsMissingException(problems);
        }
    }

    /** Every reason the environment is not fit for production, empty when it is. */
    static List<String> problems(Environment env) {
        List<String> problems = new ArrayList<>();
        String url = text(env, "spring.datasource.url");
        if (url == null) {
            problems.add("SPRING_DATASOURCE_URL is not set (a jdbc:postgresql: URL)");
        } else if (!url.startsWith("jdbc:postgresql:")) {
            problems.add("SPRING_DATASOURCE_URL must be a jdbc:postgresql: URL, not " + scheme(url));
        }
        if (text(env, "spring.datasource.username") == null) {
            problems.add("SPRING_DATASOURCE_USERNAME is not set");
        }
        String key = text(env, MASTER_KEY);
        String keyFile = text(env, MASTER_KEY_FILE);
        if (key == null && keyFile == null) {
            problems.add(MASTER_KEY + " or " + MASTER_KEY_FILE + " is not set");
        } else if (key == null && !readable(keyFile)) {
            problems.add(MASTER_KEY_FILE + " names a file that cannot be read");
        }
        String issuer = text(env, "pinwheel.bundles.issuer");
        if (issuer == null) {
            problems.add("PINWHEEL_BUNDLES_ISSUER is not set (the https URL clients see as the bundle issuer)");
        } else if (!isHttpUrl(issuer)) {
            problems.add("PINWHEEL_BUNDLES_ISSUER must be an absolute https URL");
        } else if (!issuer.regionMatches(true, 0, "https:", 0, 6) && !isLoopback(issuer)) {
            problems.add("PINWHEEL_BUNDLES_ISSUER must be an https URL, not http (clients fetch bundles "
                    + "and send reports there)");
        }
        for (String secret : List.of(MASTER_KEY, BOOTSTRAP_TOKEN, "spring.datasource.password")) {
            String value = text(env, secret);
            if (value != null && value.startsWith(PLACEHOLDER)) {
                problems.add(secret + " still holds the .env.example placeholder");
            }
        }
        if (env.getProperty("pinwheel.security.generate-bootstrap-token", Boolean.class, false)) {
            problems.add("pinwheel.security.generate-bootstrap-token must be false");
        }
        if (env.getProperty("pinwheel.signing.generate-master-key", Boolean.class, false)) {
            problems.add("pinwheel.signing.generate-master-key must be false");
        }
        if (env.getProperty("pinwheel.trust.online-root", Boolean.class, false)
                && !env.getProperty("pinwheel.trust.allow-online-root", Boolean.class, false)) {
            problems.add("pinwheel.trust.online-root is true: the service would hold a root key; keep root keys "
                    + "offline (bin/pinwheel-keys) or set pinwheel.trust.allow-online-root=true explicitly");
        }
        return problems;
    }

    @Override
    public int getOrder() {
        // after logging is initialised, so the refusal is written in the configured (maybe JSON) format
        return LoggingApplicationListener.DEFAULT_ORDER + 1;
    }

    private static String text(Environment env, String name) {
        String value = env.getProperty(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static String scheme(String url) {
        String[] parts = url.split(":", 3);
        return parts.length >= 2 ? (parts[0] + ":" + parts[1] + ":").toLowerCase(Locale.ROOT) : "that value";
    }

    private static boolean readable(String file) {
        try {
            Path path = Path.of(file);
            return Files.isRegularFile(path) && Files.isReadable(path);
        } catch (InvalidPathException e) {
            return false;
        }
    }

    /** Whether the URL names this machine: http to it crosses no network (a test on one host). */
    private static boolean isLoopback(String value) {
        try {
            String host = new URI(value).getHost().toLowerCase(Locale.ROOT);
            return host.equals("localhost") || host.equals("[::1]") || host.matches("127(\\.[0-9]{1,3}){3}");
        } catch (URISyntaxException | RuntimeException e) {
            return false;
        }
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI uri = new URI(value);
            return uri.isAbsolute()
                    && uri.getHost() != null
                    && ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()));
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
