package dev.pinwheel.pins;

import java.net.IDN;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A DNS host name in the form pins are kept under: lower case ASCII (IDN labels as punycode),
 * no trailing dot, 1–63 characters per label, letters, digits and inner hyphens only, at most
 * 253 characters. Wildcards and IP literals are refused: pins belong to names.
 */
public record HostName(String value) {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
    private static final Pattern IPV4 = Pattern.compile("\\d+(\\.\\d+){1,3}");
    private static final Pattern NUMERIC = Pattern.compile("\\d+");

    public HostName {
        Objects.requireNonNull(value, "value");
        if (!normalise(value).equals(value)) {
            throw new IllegalArgumentException("host is not normalised");
        }
    }

    /**
     * Normalises and checks a host name.
     *
     * @throws IllegalArgumentException with a message saying what is wrong
     */
    public static HostName of(String input) {
        return new HostName(normalise(input));
    }

    private static String normalise(String input) {
        if (input == null || input.isEmpty()) {
            throw new IllegalArgumentException("must not be empty");
        }
        if (input.length() > 1000) {
            throw new IllegalArgumentException("is longer than 253 characters");
        }
        if (input.indexOf('*') >= 0) {
            throw new IllegalArgumentException(
                    "wildcards are not allowed; add the parent domain with includeSubdomains");
        }
        if (input.startsWith("[") || input.indexOf(':') >= 0) {
            throw new IllegalArgumentException("IP addresses (and ports) are not allowed; pins belong to host names");
        }
        String s = input.endsWith(".") ? input.substring(0, input.length() - 1) : input;
        if (s.isEmpty()) {
            throw new IllegalArgumentException("must not be empty");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c == 0x7f || c == '/' || c == '\\' || c == '@' || c == '?' || c == '#' || c == '%'
                    || c == '_' || c == ',') {
                throw new IllegalArgumentException("contains the invalid character " + describe(c)
                        + "; allowed are letters, digits, hyphens and dots");
            }
        }
        if (s.startsWith(".") || s.endsWith(".") || s.contains("..")) {
            throw new IllegalArgumentException("has an empty label");
        }
        for (String label : s.split("\\.", -1)) {
            if (label.length() > 63 && label.chars().allMatch(ch -> ch < 0x80)) {
                throw new IllegalArgumentException(
                        "has a label of " + label.length() + " characters; at most 63 are allowed");
            }
        }
        String ascii;
        try {
            ascii = IDN.toASCII(s, 0).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not a valid internationalised domain name");
        }
        if (ascii.endsWith(".")) {
            ascii = ascii.substring(0, ascii.length() - 1);
        }
        if (IPV4.matcher(ascii).matches()) {
            throw new IllegalArgumentException("IP addresses are not allowed; pins belong to host names");
        }
        if (ascii.length() > 253) {
            throw new IllegalArgumentException("is " + ascii.length() + " characters long; at most 253 are allowed");
        }
        String[] labels = ascii.split("\\.", -1);
        for (String label : labels) {
            if (label.isEmpty()) {
                throw new IllegalArgumentException("has an empty label");
            }
            if (label.length() > 63) {
                throw new IllegalArgumentException(
                        "has a label of " + label.length() + " characters; at most 63 are allowed");
            }
            if (label.startsWith("-") || label.endsWith("-")) {
                throw new IllegalArgumentException("has a label '" + label + "' that starts or ends with a hyphen");
            }
            if (!LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException(
                        "has a label '" + label + "' with invalid characters; allowed are letters, digits and hyphens");
            }
        }
        if (labels.length > 1 && NUMERIC.matcher(labels[labels.length - 1]).matches()) {
            throw new IllegalArgumentException("ends in a numeric label, which looks like an IP address");
        }
        return ascii;
    }

    private static String describe(char c) {
        return c == ' ' ? "' ' (space)" : c < ' ' || c == 0x7f ? String.format("U+%04X", (int) c) : "'" + c + "'";
    }

    @Override
    public String toString() {
        return value;
    }
}
