package dev.pinwheel.core;

/** One broken input rule: the field (JSON path, e.g. {@code pins[1].sha256}) and what is wrong with it. */
public record Violation(String field, String message) {}
