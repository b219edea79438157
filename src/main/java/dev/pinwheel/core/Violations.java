package dev.pinwheel.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Collects the field violations of one request while it is parsed into value types, so that every
 * bad field is named at once, then throws them as the one validation problem (400 with
 * {@code violations}). Parsers report through {@link IllegalArgumentException} messages saying
 * what is wrong; the collector adds the field.
 *
 * <p>PEM faults ({@code pem-malformed}, {@code pem-too-large}, {@code pem-wrong-block},
 * {@code certificate-unreadable}) are collected too: when they are the only faults, the answer is
 * the first one's problem kind listing all of them; with other faults it is the validation problem.
 *
 * <p>Not thread-safe: one collector per request.
 */
public final class Violations {

    private final List<Violation> list = new ArrayList<>();
    private ProblemException firstPem;
    private int pemCount;

    /**
     * Parses one required value on its own (a path variable, a query parameter).
     *
     * @throws ProblemException the validation problem naming {@code field} when it is missing or bad
     */
    public static <T> T single(String field, String text, Function<String, T> parser) {
        Violations v = new Violations();
        T value = v.required(field, text, parser);
        v.throwIfAny();
        return value;
    }

    /** Adds a violation of {@code field}. */
    public Violations add(String field, String message) {
        list.add(new Violation(field, message));
        return this;
    }

    /**
     * Parses a required value: {@code is required} when {@code text} is null, else the message of
     * the parser's {@link IllegalArgumentException}.
     *
     * @return the value, or null when a violation was added
     */
    public <T> T required(String field, String text, Function<String, T> parser) {
        if (text == null) {
            add(field, "is required");
            return null;
        }
        return parse(field, text, parser);
    }

    /**
     * Parses an optional value: null stays null; otherwise as {@link #required}.
     *
     * @return the value, or null when {@code text} is null or a violation was added
     */
    public <T> T optional(String field, String text, Function<String, T> parser) {
        return text == null ? null : parse(field, text, parser);
    }

    private <T> T parse(String field, String text, Function<String, T> parser) {
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            add(field, e.getMessage());
            return null;
        }
    }

    /**
     * Parses one of an enum's lower-case wire names ({@code primary}, {@code enforce}…) exactly.
     *
     * @return the constant, or null when a violation ({@code is required: a or b} /
     *         {@code must be a or b}) was added
     */
    public <E extends Enum<E>> E oneOf(String field, String text, Class<E> type) {
        if (text == null) {
            add(field, "is required: " + choices(type));
            return null;
        }
        return parse(field, text, t -> wireValue(type, t));
    }

    /**
     * The constant of {@code type} whose lower-case name is exactly {@code text}.
     *
     * @throws IllegalArgumentException {@code must be a or b} otherwise
     */
    public static <E extends Enum<E>> E wireValue(Class<E> type, String text) {
        for (E e : type.getEnumConstants()) {
            if (e.name().toLowerCase(Locale.ROOT).equals(text)) {
                return e;
            }
        }
        throw new IllegalArgumentException("must be " + choices(type));
    }

    private static String choices(Class<? extends Enum<?>> type) {
        List<String> names = new ArrayList<>();
        for (Enum<?> e : type.getEnumConstants()) {
            names.add(e.name().toLowerCase(Locale.ROOT));
        }
        int last = names.size() - 1;
        return last == 0 ? names.get(0) : String.join(", ", names.subList(0, last)) + " or " + names.get(last);
    }

    /**
     * Runs a PEM parse that reports its faults as a PEM problem naming the field; collects them.
     *
     * @return the parsed value, or null when it failed with a PEM problem
     */
    public <T> T pem(Supplier<T> parse) {
        try {
            return parse.get();
        } catch (ProblemException e) {
            if (!isPem(e.type())) {
                throw e;
            }
            if (firstPem == null) {
                firstPem = e;
            }
            @SuppressWarnings("unchecked")
            List<Violation> named = (List<Violation>) e.extensions().get("violations");
            list.addAll(named);
            pemCount += named.size();
            return null;
        }
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    /** The violations so far, in the order found. */
    public List<Violation> list() {
        return List.copyOf(list);
    }

    /**
     * Throws the one problem for what was collected (see the class comment); returns when nothing was.
     *
     * @throws ProblemException validation (400) or the first PEM fault's kind
     */
    public void throwIfAny() {
        if (list.isEmpty()) {
            return;
        }
        if (firstPem != null && pemCount == list.size()) {
            throw new ProblemException(
                    firstPem.type(),
                    list.size() == 1 ? firstPem.detail() : list.size() + " fields hold unusable PEM text",
                    Map.of("violations", list()));
        }
        throw ProblemException.invalid(list());
    }

    private static boolean isPem(ProblemType type) {
        return type == ProblemType.PEM_MALFORMED
                || type == ProblemType.PEM_TOO_LARGE
                || type == ProblemType.PEM_WRONG_BLOCK
                || type == ProblemType.CERTIFICATE_UNREADABLE;
    }
}
