package dev.pinwheel.contract;

import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A strict structural lint of an OpenAPI 3.1 document, for the mistakes YAML lets through: a
 * description written in a flow mapping ({@code {type: string, description: a, b}}) with an
 * unquoted {@code ,} or {@code ": "} silently becomes an extra key with a null value. Reports each
 * finding with its path. Checks: no duplicate keys; no null values except where null is a value
 * ({@code default}, {@code example}, {@code const}); every schema object holds only schema keywords
 * and every {@code properties} entry is a schema object; parameters and responses hold only their
 * own fields.
 */
final class OpenApiLint {

    static final Set<String> SCHEMA_KEYWORDS = Set.of(
            "$ref",
            "$id",
            "$schema",
            "$comment",
            "$defs",
            "$anchor",
            "type",
            "format",
            "title",
            "description",
            "default",
            "example",
            "examples",
            "enum",
            "const",
            "properties",
            "patternProperties",
            "additionalProperties",
            "propertyNames",
            "unevaluatedProperties",
            "required",
            "dependentRequired",
            "dependentSchemas",
            "minProperties",
            "maxProperties",
            "items",
            "prefixItems",
            "contains",
            "minContains",
            "maxContains",
            "minItems",
            "maxItems",
            "uniqueItems",
            "unevaluatedItems",
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
            "minLength",
            "maxLength",
            "pattern",
            "contentEncoding",
            "contentMediaType",
            "contentSchema",
            "allOf",
            "anyOf",
            "oneOf",
            "not",
            "if",
            "then",
            "else",
            "readOnly",
            "writeOnly",
            "deprecated",
            "nullable",
            "discriminator",
            "xml",
            "externalDocs");
    static final Set<String> PARAMETER_FIELDS = Set.of(
            "$ref",
            "name",
            "in",
            "description",
            "required",
            "deprecated",
            "allowEmptyValue",
            "style",
            "explode",
            "allowReserved",
            "schema",
            "example",
            "examples",
            "content");
    static final Set<String> RESPONSE_FIELDS = Set.of("$ref", "description", "headers", "content", "links");
    static final Set<String> NULL_ALLOWED = Set.of("default", "example", "const");

    private final List<String> findings = new ArrayList<>();

    private OpenApiLint() {}

    /** The findings, each {@code path: what is wrong}; empty when the document is clean. */
    static List<String> lint(Reader yaml) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        OpenApiLint lint = new OpenApiLint();
        Object root;
        try {
            root = new Yaml(new SafeConstructor(options)).load(yaml);
        } catch (RuntimeException e) {
            return List.of("(document): not valid YAML: "
                    + String.join(" ", e.getMessage().lines().toList()));
        }
        lint.walk(root, "", null);
        return lint.findings;
    }

    private void walk(Object node, String path, String key) {
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String k = String.valueOf(e.getKey());
                String p = path.isEmpty() ? k : path + "." + k;
                if (e.getValue() == null && !NULL_ALLOWED.contains(k)) {
                    findings.add(p + ": has no value (an unquoted ',' or ': ' in a flow mapping's text?)");
                }
                if (k.equals("schema") || (k.equals("schemas") && path.equals("components"))) {
                    if (k.equals("schemas") && e.getValue() instanceof Map<?, ?> schemas) {
                        schemas.forEach((name, schema) -> schema(schema, p + "." + name));
                    } else {
                        schema(e.getValue(), p);
                    }
                    continue;
                }
                if (k.equals("parameters") && e.getValue() instanceof List<?> list) {
                    for (int i = 0; i < list.size(); i++) {
                        fields(list.get(i), p + "[" + i + "]", PARAMETER_FIELDS, "parameter");
                    }
                } else if (k.equals("parameters")
                        && path.equals("components")
                        && e.getValue() instanceof Map<?, ?> ps) {
                    ps.forEach((name, parameter) -> fields(parameter, p + "." + name, PARAMETER_FIELDS, "parameter"));
                } else if (k.equals("responses") && e.getValue() instanceof Map<?, ?> responses) {
                    responses.forEach(
                            (code, response) -> fields(response, p + "." + code, RESPONSE_FIELDS, "response"));
                }
                walk(e.getValue(), p, k);
            }
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), path + "[" + i + "]", key);
            }
        }
    }

    private void fields(Object node, String path, Set<String> allowed, String what) {
        if (!(node instanceof Map<?, ?> map)) {
            findings.add(path + ": a " + what + " must be an object");
            return;
        }
        for (Object k : map.keySet()) {
            String name = String.valueOf(k);
            if (!allowed.contains(name) && !name.startsWith("x-")) {
                findings.add(path + ": '" + name + "' is not a " + what + " field");
            }
        }
    }

    private void schema(Object node, String path) {
        if (node instanceof Boolean) {
            return;
        }
        if (!(node instanceof Map<?, ?> map)) {
            findings.add(path + ": a schema must be an object");
            return;
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String k = String.valueOf(e.getKey());
            String p = path + "." + k;
            Object v = e.getValue();
            if (!SCHEMA_KEYWORDS.contains(k) && !k.startsWith("x-")) {
                findings.add(p + ": '" + k
                        + "' is not a schema keyword (an unquoted ',' or ': ' in a flow mapping's text?)");
                continue;
            }
            if (v == null && !NULL_ALLOWED.contains(k)) {
                findings.add(p + ": has no value");
            }
            switch (k) {
                case "properties", "patternProperties", "$defs", "dependentSchemas" -> {
                    if (v instanceof Map<?, ?> props) {
                        props.forEach((name, s) -> schema(s, p + "." + name));
                    } else {
                        findings.add(p + ": must map names to schemas");
                    }
                }
                case "items",
                        "additionalProperties",
                        "not",
                        "contains",
                        "propertyNames",
                        "if",
                        "then",
                        "else",
                        "unevaluatedProperties",
                        "unevaluatedItems",
                        "contentSchema" -> schema(v, p);
                case "allOf", "anyOf", "oneOf", "prefixItems" -> {
                    if (v instanceof List<?> list) {
                        for (int i = 0; i < list.size(); i++) {
                            schema(list.get(i), p + "[" + i + "]");
                        }
                    } else {
                        findings.add(p + ": must be a list of schemas");
                    }
                }
                case "required" -> {
                    if (v instanceof List<?> names
                            && map.get("properties") instanceof Map<?, ?> props
                            && !map.containsKey("allOf")
                            && !map.containsKey("additionalProperties")) {
                        for (Object name : names) {
                            if (!props.containsKey(name)) {
                                findings.add(p + ": '" + name + "' is required but not among the properties");
                            }
                        }
                    }
                }
                default -> {}
            }
        }
    }
}
