package dev.pinwheel.support.contract;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The root {@code openapi.yaml}, read for tests: matches real HTTP exchanges to its operations and
 * checks status, content type and JSON body (JSON Schema 2020-12, {@code $ref: '#/components/...'}
 * resolved) against what the contract declares.
 */
public final class OpenApiContract {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> METHODS =
            Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    /** Statuses any request may meet before reaching an operation (auth, routing, size limit). */
    private static final Set<Integer> EDGE_STATUSES =
            new java.util.TreeSet<>(List.of(400, 401, 403, 404, 405, 406, 413, 415));

    /**
     * Statuses any operation may answer without declaring them, as a problem: 406 (the client accepts
     * nothing the operation produces) and 413 (a body over the size limit, refused before routing).
     */
    private static final Set<Integer> ANY_OPERATION = Set.of(406, 413);

    private static volatile OpenApiContract instance;

    private final JsonNode root;
    private final List<PathTemplate> paths;
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    OpenApiContract(JsonNode root) {
        this.root = root;
        List<PathTemplate> list = new ArrayList<>();
        JsonNode p = root.path("paths");
        for (String name : p.propertyNames()) {
            list.add(new PathTemplate(name));
        }
        list.sort(Comparator.comparingInt(PathTemplate::variables).thenComparing(t -> -t.template.length()));
        this.paths = List.copyOf(list);
    }

    /** The repository's openapi.yaml (the working copy when the tests run from the project root). */
    public static OpenApiContract get() {
        if (instance == null) {
            synchronized (OpenApiContract.class) {
                if (instance == null) {
                    instance = load();
                }
            }
        }
        return instance;
    }

    static OpenApiContract load() {
        try {
            Path file = Path.of("openapi.yaml");
            if (Files.isRegularFile(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    return parse(in);
                }
            }
            try (InputStream in = OpenApiContract.class.getResourceAsStream("/contract/openapi.yaml")) {
                if (in == null) {
                    throw new IllegalStateException("openapi.yaml not found");
                }
                return parse(in);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read openapi.yaml", e);
        }
    }

    static OpenApiContract parse(InputStream in) {
        Object yaml = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        return new OpenApiContract(JSON.valueToTree(yaml));
    }

    public JsonNode root() {
        return root;
    }

    /** Every described "METHOD path" (method upper case) whose path starts with one of the prefixes. */
    public Set<String> operations(String... prefixes) {
        Set<String> out = new LinkedHashSet<>();
        JsonNode p = root.path("paths");
        for (String path : p.propertyNames()) {
            for (String prefix : prefixes) {
                if (path.startsWith(prefix)) {
                    for (String m : p.path(path).propertyNames()) {
                        if (METHODS.contains(m)) {
                            out.add(m.toUpperCase(Locale.ROOT) + " " + path);
                        }
                    }
                    break;
                }
            }
        }
        return out;
    }

    /** The described path template a concrete request path belongs to, or null. */
    public String match(String path) {
        for (PathTemplate t : paths) {
            if (t.pattern.matcher(path).matches()) {
                return t.template;
            }
        }
        return null;
    }

    /**
     * Checks one exchange and returns what does not match the contract (empty when it matches).
     *
     * @param contentType the response Content-Type header, may be null
     * @param body        the response body bytes (empty when none)
     * @param checkBody   false when the body is not final (e.g. {@code sendError} left it to the error page)
     */
    public List<String> check(
            String method, String path, int status, String contentType, byte[] body, boolean checkBody) {
        List<String> problems = new ArrayList<>();
        String what = method + " " + path + " -> " + status;
        String template = match(path);
        String mediaType = mediaType(contentType);
        if (template == null) {
            if (!EDGE_STATUSES.contains(status)) {
                problems.add(what + ": path is not described in openapi.yaml (an undescribed path may only"
                        + " answer a problem with one of " + EDGE_STATUSES + ")");
            } else if (checkBody) {
                checkProblem(what, mediaType, body, problems);
            }
            return problems;
        }
        String opMethod = method.equalsIgnoreCase("HEAD") ? "get" : method.toLowerCase(Locale.ROOT);
        JsonNode operation = root.path("paths").path(template).path(opMethod);
        if (method.equalsIgnoreCase("HEAD")
                && !root.path("paths").path(template).path("head").isMissingNode()) {
            operation = root.path("paths").path(template).path("head");
        }
        if (operation.isMissingNode() || !operation.isObject()) {
            if (!EDGE_STATUSES.contains(status)) {
                problems.add(what + ": operation " + method + " " + template + " is not described in openapi.yaml");
            } else if (checkBody) {
                checkProblem(what, mediaType, body, problems);
            }
            return problems;
        }
        what = method + " " + path + " (" + method.toUpperCase(Locale.ROOT) + " " + template + ") -> " + status;
        JsonNode responses = operation.path("responses");
        String key = String.valueOf(status);
        if (!responses.has(key)) {
            key = (status / 100) + "XX";
            if (!responses.has(key)) {
                key = "default";
            }
        }
        if (!responses.has(key) && ANY_OPERATION.contains(status)) {
            if (checkBody) {
                checkProblem(what, mediaType, body, problems);
            }
            return problems;
        }
        if (!responses.has(key)) {
            problems.add(what + ": status " + status + " is not declared for this operation (declared: "
                    + String.join(", ", responses.propertyNames()) + ")");
            return problems;
        }
        String pointer = "/paths/" + escape(template) + "/" + opMethod + "/responses/" + escape(key);
        JsonNode response = responses.path(key);
        if (response.has("$ref")) {
            pointer = refPointer(response.path("$ref").asString());
            response = root.at(pointer);
            if (response.isMissingNode()) {
                problems.add(what + ": openapi.yaml refers to a missing response " + pointer);
                return problems;
            }
        }
        if (!checkBody || method.equalsIgnoreCase("HEAD") || status == 204 || status == 304) {
            return problems;
        }
        JsonNode content = response.path("content");
        boolean hasBody = body != null && body.length > 0;
        if (content.isMissingNode() || content.isEmpty()) {
            if (hasBody) {
                problems.add(what + ": the response has a body (" + contentType + ", " + body.length
                        + " bytes) but openapi.yaml declares no content for it");
            }
            return problems;
        }
        if (mediaType == null) {
            problems.add(what + ": the response has no Content-Type; declared: "
                    + String.join(", ", content.propertyNames()));
            return problems;
        }
        String declared = declaredMediaType(content, mediaType);
        if (declared == null) {
            problems.add(what + ": Content-Type " + mediaType + " is not declared (declared: "
                    + String.join(", ", content.propertyNames()) + ")");
            return problems;
        }
        if (!hasBody) {
            problems.add(what + ": the response body is empty but openapi.yaml declares " + declared + " content");
            return problems;
        }
        JsonNode schemaNode = content.path(declared).path("schema");
        if (isJson(mediaType) && !schemaNode.isMissingNode()) {
            validate(what, pointer + "/content/" + escape(declared) + "/schema", schemaNode, body, problems);
        }
        return problems;
    }

    private void checkProblem(String what, String mediaType, byte[] body, List<String> problems) {
        if (!"application/problem+json".equals(mediaType)) {
            problems.add(what + ": an error response must be application/problem+json, was " + mediaType);
            return;
        }
        validate(what, "/components/schemas/Problem", root.at("/components/schemas/Problem"), body, problems);
    }

    private void validate(String what, String pointer, JsonNode schemaNode, byte[] body, List<String> problems) {
        JsonNode instance;
        try {
            instance = JSON.readTree(body);
        } catch (RuntimeException e) {
            problems.add(what + ": the body is not valid JSON: " + e.getMessage());
            return;
        }
        Schema schema = schemas.computeIfAbsent(pointer, p -> compile(schemaNode));
        List<Error> errors = schema.validate(instance);
        for (Error e : errors) {
            String at = String.valueOf(e.getInstanceLocation());
            problems.add(what + ": body does not match schema " + pointer + ": at " + (at.isEmpty() ? "$" : at) + " "
                    + e.getMessage() + " (keyword " + e.getKeyword() + ", schema " + e.getSchemaLocation() + ")");
        }
    }

    private Schema compile(JsonNode schemaNode) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        doc.set("components", root.path("components"));
        doc.putArray("allOf").add(schemaNode);
        return registry.getSchema(doc);
    }

    private static String declaredMediaType(JsonNode content, String actual) {
        if (content.has(actual)) {
            return actual;
        }
        for (Iterator<String> it = content.propertyNames().iterator(); it.hasNext(); ) {
            String declared = it.next();
            String d = declared.toLowerCase(Locale.ROOT);
            if (d.equals("*/*") || (d.endsWith("/*") && actual.startsWith(d.substring(0, d.length() - 1)))) {
                return declared;
            }
        }
        return null;
    }

    static String mediaType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return null;
        }
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    private static boolean isJson(String mediaType) {
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }

    private static String refPointer(String ref) {
        if (!ref.startsWith("#")) {
            throw new IllegalStateException("Only local $ref are supported: " + ref);
        }
        return ref.substring(1);
    }

    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static final class PathTemplate {

        private static final Pattern VARIABLE = Pattern.compile("\\{[^}/]+}");

        final String template;
        final Pattern pattern;
        final int variables;

        PathTemplate(String template) {
            this.template = template;
            StringBuilder regex = new StringBuilder();
            var m = VARIABLE.matcher(template);
            int last = 0;
            int count = 0;
            while (m.find()) {
                regex.append(Pattern.quote(template.substring(last, m.start()))).append("[^/]+");
                last = m.end();
                count++;
            }
            regex.append(Pattern.quote(template.substring(last)));
            this.pattern = Pattern.compile(regex.toString());
            this.variables = count;
        }

        int variables() {
            return variables;
        }
    }
}
