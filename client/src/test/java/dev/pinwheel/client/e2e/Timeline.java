package dev.pinwheel.client.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * What happened, step by step: the bundle seq the client held when the step ended and the
 * results of the app's connections during the step. Thread-safe (connections are recorded by a
 * background thread while the test drives the steps).
 */
final class Timeline {

    /** A connection's outcome. */
    enum Result {
        OK,
        FAILED,
        REFUSED_BY_PIN,
        ACCEPTED,
        ERROR
    }

    private final String title;
    private final LongSupplier heldSeq;
    private final List<Row> rows = new ArrayList<>();
    private final long startNanos = System.nanoTime();
    private Row current;

    Timeline(String title, LongSupplier heldSeq) {
        this.title = title;
        this.heldSeq = heldSeq;
    }

    /** Ends the current step (recording the held seq) and starts the next. */
    synchronized void step(String name) {
        end();
        current = new Row(rows.size() + 1, name, (System.nanoTime() - startNanos) / 1_000_000_000.0);
        rows.add(current);
    }

    synchronized void note(String text) {
        current.notes.add(text);
    }

    /** A connection to the genuine server: {@code servedBy} is the key that answered (A or B). */
    synchronized void genuine(Result result, String servedBy) {
        current.genuine.merge(
                result == Result.OK ? "ok " + servedBy : result.name().toLowerCase(), 1, Integer::sum);
        if (result != Result.OK) {
            current.genuineFailures++;
        }
    }

    /** A connection to the MITM (key C), or to another server the pins must refuse. */
    synchronized void mitm(Result result) {
        current.mitm.merge(label(result), 1, Integer::sum);
        if (result != Result.REFUSED_BY_PIN) {
            current.mitmNotRefusedByPin++;
        }
    }

    private static String label(Result result) {
        return result == Result.REFUSED_BY_PIN ? "refused" : result.name().toLowerCase();
    }

    synchronized int genuineFailures() {
        return rows.stream().mapToInt(r -> r.genuineFailures).sum();
    }

    synchronized int mitmNotRefusedByPin() {
        return rows.stream().mapToInt(r -> r.mitmNotRefusedByPin).sum();
    }

    synchronized int mitmRefused() {
        return rows.stream().mapToInt(r -> r.mitm.getOrDefault("refused", 0)).sum();
    }

    /** Ends the last step and prints the table to stdout. */
    synchronized String print() {
        end();
        StringBuilder out = new StringBuilder("\n== " + title + " ==\n");
        out.append(String.format(
                "%-3s %6s  %-60s %4s  %-28s %s%n", "#", "t", "step", "seq", "genuine server", "MITM (key C)"));
        for (Row row : rows) {
            out.append(String.format(
                    "%-3d %5.1fs  %-60s %4s  %-28s %s%n",
                    row.number,
                    row.startSeconds,
                    row.name,
                    row.seqAtEnd < 0 ? "-" : Long.toString(row.seqAtEnd),
                    counts(row.genuine),
                    counts(row.mitm)));
            for (String note : row.notes) {
                out.append(String.format("%12s-> %s%n", "", note));
            }
        }
        System.out.print(out);
        System.out.flush();
        return out.toString();
    }

    private static String counts(Map<String, Integer> counts) {
        if (counts.isEmpty()) {
            return "-";
        }
        List<String> parts = new ArrayList<>();
        counts.forEach((what, n) -> parts.add(n + " " + what));
        return String.join(", ", parts);
    }

    private void end() {
        if (current != null && current.seqAtEnd == Long.MIN_VALUE) {
            current.seqAtEnd = heldSeq.getAsLong();
        }
    }

    private static final class Row {
        final int number;
        final String name;
        final double startSeconds;
        final Map<String, Integer> genuine = new TreeMap<>();
        final Map<String, Integer> mitm = new TreeMap<>();
        final List<String> notes = new ArrayList<>();
        long seqAtEnd = Long.MIN_VALUE;
        int genuineFailures;
        int mitmNotRefusedByPin;

        Row(int number, String name, double startSeconds) {
            this.number = number;
            this.name = name;
            this.startSeconds = startSeconds;
        }
    }
}
