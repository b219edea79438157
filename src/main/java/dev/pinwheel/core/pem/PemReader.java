package dev.pinwheel.core.pem;

import dev.pinwheel.core.ProblemType;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Splits PEM text (RFC 7468) into blocks in one left-to-right pass: every character is looked at
 * a bounded number of times, so time is linear in the input whatever it holds (no regular
 * expression, no backtracking). Text outside blocks is ignored as RFC 7468 allows; inside a block
 * only base64 and whitespace are accepted (no headers, no nested {@code -----BEGIN}).
 */
final class PemReader {

    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final String DASHES = "-----";
    private static final int MAX_LABEL = 64;

    private PemReader() {}

    /** The blocks of {@code text} in order; refuses (never truncates) text over a limit. */
    static List<PemBlock> read(String text, String field, PemLimits limits) {
        if (text == null || text.isBlank()) {
            throw Pem.problem(ProblemType.PEM_MALFORMED, field, "is empty; send PEM text (-----BEGIN ...-----)");
        }
        if (text.length() > limits.maxChars()) {
            throw Pem.problem(
                    ProblemType.PEM_TOO_LARGE,
                    field,
                    "is " + text.length() + " characters; at most " + limits.maxChars() + " are read");
        }
        List<PemBlock> blocks = new ArrayList<>();
        int pos = 0;
        while (true) {
            int begin = text.indexOf(BEGIN, pos);
            if (begin < 0) {
                int strayEnd = text.indexOf(END, pos);
                if (strayEnd >= 0) {
                    throw Pem.problem(
                            ProblemType.PEM_MALFORMED,
                            field,
                            "has an -----END line without a matching -----BEGIN line");
                }
                return blocks;
            }
            int index = blocks.size() + 1;
            if (index > limits.maxBlocks()) {
                throw Pem.problem(
                        ProblemType.PEM_TOO_LARGE, field, "holds more than " + limits.maxBlocks() + " PEM blocks");
            }
            int labelStart = begin + BEGIN.length();
            String label = label(text, labelStart, field, index, "BEGIN");
            int bodyStart = labelStart + label.length() + DASHES.length();
            int marker = text.indexOf(DASHES, bodyStart);
            if (marker < 0) {
                throw Pem.problem(
                        ProblemType.PEM_MALFORMED,
                        field,
                        "PEM block " + index + " (" + label + ") has no -----END line");
            }
            if (!text.startsWith(END, marker)) {
                throw Pem.problem(
                        ProblemType.PEM_MALFORMED,
                        field,
                        "PEM block " + index + " (" + label
                                + ") holds another '-----' line before its -----END line (nested or unterminated block)");
            }
            String endLabel = label(text, marker + END.length(), field, index, "END");
            if (!endLabel.equals(label)) {
                throw Pem.problem(
                        ProblemType.PEM_MALFORMED,
                        field,
                        "PEM block " + index + " begins with '" + label + "' but ends with '" + endLabel + "'");
            }
            byte[] der = decode(text, bodyStart, marker, field, index, label, limits);
            blocks.add(new PemBlock(index, label, der));
            pos = marker + END.length() + endLabel.length() + DASHES.length();
        }
    }

    /** The label starting at {@code from}: 1 to 64 of A-Z, 0-9, space, closed by five dashes. */
    private static String label(String text, int from, String field, int index, String line) {
        int i = from;
        int limit = Math.min(text.length(), from + MAX_LABEL + 1);
        while (i < limit && isLabelChar(text.charAt(i))) {
            i++;
        }
        if (i == from || i - from > MAX_LABEL || !text.startsWith(DASHES, i)) {
            throw Pem.problem(
                    ProblemType.PEM_MALFORMED,
                    field,
                    "PEM block " + index + " has a malformed -----" + line
                            + " line (expected a label of A-Z, 0-9 and spaces followed by -----)");
        }
        return text.substring(from, i);
    }

    private static boolean isLabelChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ';
    }

    /** Whether the line holding position {@code i} looks like an RFC 1421 header ({@code Name: value}). */
    private static boolean isHeaderLine(String text, int i, int to) {
        int end = text.indexOf('\n', i);
        int colon = text.indexOf(':', i);
        return colon >= 0 && colon < to && (end < 0 || colon < end);
    }

    private static byte[] decode(
            String text, int from, int to, String field, int index, String label, PemLimits limits) {
        StringBuilder base64 = new StringBuilder(Math.min(to - from, limits.maxBase64Chars()));
        int padding = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                continue;
            }
            boolean alphabet =
                    (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
            if (c == '=') {
                padding++;
            } else if (!alphabet || padding > 0) {
                throw Pem.problem(
                        ProblemType.PEM_MALFORMED,
                        field,
                        "PEM block " + index + " (" + label
                                + ") is not valid base64"
                                + (isHeaderLine(text, i, to)
                                        ? " (encrypted or header-bearing PEM is not accepted)"
                                        : ""));
            }
            if (base64.length() == limits.maxBase64Chars()) {
                throw Pem.problem(
                        ProblemType.PEM_TOO_LARGE,
                        field,
                        "PEM block " + index + " (" + label + ") holds more than " + limits.maxBase64Chars()
                                + " base64 characters");
            }
            base64.append(c);
        }
        if (base64.isEmpty() || padding > 2 || base64.length() % 4 != 0) {
            throw Pem.problem(
                    ProblemType.PEM_MALFORMED,
                    field,
                    "PEM block " + index + " (" + label + ") is not valid base64 (empty, or wrong length or padding)");
        }
        try {
            return Base64.getDecoder().decode(base64.toString());
        } catch (IllegalArgumentException e) {
            throw Pem.problem(
                    ProblemType.PEM_MALFORMED, field, "PEM block " + index + " (" + label + ") is not valid base64");
        }
    }
}
