package dev.pinwheel.console.web;

import dev.pinwheel.bundles.Finding;
import dev.pinwheel.core.DomainException;
import dev.pinwheel.core.ProblemException;
import dev.pinwheel.core.Violation;
import dev.pinwheel.pins.web.PinProblems;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A refusal of a service as the console shows it: the problem's title, its detail, its violations
 * (field and message), the publish checks' findings and any other extension as words.
 */
record ProblemView(
        String title, String detail, List<Violation> violations, List<Finding> findings, Map<String, String> facts) {

    /** A refusal as the API states it: a problem, or a domain refusal mapped as the API maps it. */
    static ProblemView of(RuntimeException e) {
        return of(e instanceof DomainException d ? PinProblems.problem(d) : (ProblemException) e);
    }

    static ProblemView of(ProblemException e) {
        List<Violation> violations = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        Map<String, String> facts = new LinkedHashMap<>();
        e.extensions().forEach((name, value) -> {
            if ("violations".equals(name) && value instanceof List<?> list) {
                list.stream()
                        .filter(Violation.class::isInstance)
                        .map(Violation.class::cast)
                        .forEach(violations::add);
            } else if ("findings".equals(name) && value instanceof List<?> list) {
                list.stream()
                        .filter(Finding.class::isInstance)
                        .map(Finding.class::cast)
                        .forEach(findings::add);
            } else if (value != null) {
                facts.put(
                        name,
                        value instanceof List<?> l
                                ? String.join(
                                        ", ", l.stream().map(String::valueOf).toList())
                                : String.valueOf(value));
            }
        });
        return new ProblemView(e.type().title(), e.detail(), violations, findings, facts);
    }

    static ProblemView of(String title, String detail) {
        return new ProblemView(title, detail, List.of(), List.of(), Map.of());
    }
}
