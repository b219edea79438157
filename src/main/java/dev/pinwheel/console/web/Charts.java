package dev.pinwheel.console.web;

import java.util.List;
import java.util.Locale;
import org.springframework.web.util.HtmlUtils;

/**
 * Inline SVG charts, rendered on the server (no script, no external file). Every chart carries a
 * {@code <title>} and an {@code aria-label} that states its figures in words, and the pages show the same
 * figures in a table, so nothing is only in the picture. Only numbers and escaped labels go into the SVG.
 */
final class Charts {

    private static final int WIDTH = 640;
    private static final int BAR_HEIGHT = 22;
    private static final int LABEL_WIDTH = 150;

    private Charts() {}

    /** One bar: a label and a value of 0 to 100 (percent). */
    record Bar(String label, double percent, boolean highlight) {}

    /**
     * Horizontal percentage bars with an optional threshold line (e.g. the promote threshold).
     *
     * @param threshold percent at which to draw a dashed line; null for none
     */
    static String percentBars(String title, List<Bar> bars, Double threshold) {
        int height = Math.max(1, bars.size()) * (BAR_HEIGHT + 8) + 30;
        int plot = WIDTH - LABEL_WIDTH - 60;
        StringBuilder words = new StringBuilder(title).append(": ");
        StringBuilder svg = new StringBuilder();
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            double p = Math.max(0, Math.min(100, b.percent()));
            int y = 10 + i * (BAR_HEIGHT + 8);
            svg.append(String.format(
                    Locale.ROOT,
                    "<text x=\"4\" y=\"%d\">%s</text><rect class=\"bar%s\" x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\"/>"
                            + "<text x=\"%.1f\" y=\"%d\">%.1f %%</text>",
                    y + 16,
                    escape(b.label()),
                    b.highlight() ? " pinning" : "",
                    LABEL_WIDTH,
                    y,
                    plot * p / 100,
                    BAR_HEIGHT,
                    LABEL_WIDTH + plot * p / 100 + 6,
                    y + 16,
                    p));
            words.append(i == 0 ? "" : "; ").append(b.label()).append(String.format(Locale.ROOT, " %.1f %%", p));
        }
        if (bars.isEmpty()) {
            svg.append("<text x=\"4\" y=\"26\">no data yet</text>");
            words.append("no data yet");
        }
        if (threshold != null) {
            double x = LABEL_WIDTH + plot * threshold / 100;
            svg.append(String.format(
                    Locale.ROOT,
                    "<line class=\"threshold\" x1=\"%.1f\" y1=\"2\" x2=\"%.1f\" y2=\"%d\"/>"
                            + "<text x=\"%.1f\" y=\"%d\">threshold %.0f %%</text>",
                    x,
                    x,
                    height - 18,
                    Math.max(0, x - 60),
                    height - 4,
                    threshold));
            words.append(String.format(Locale.ROOT, "; threshold %.0f %%", threshold));
        }
        return wrap(words.toString(), height, svg.toString());
    }

    /** A part of a stacked column: what it counts (in words), its CSS class and its count. */
    record Segment(String name, String cssClass, long count) {}

    /** A stacked column (e.g. one day) of segments, bottom first. */
    record Stack(String label, List<Segment> segments) {

        long total() {
            return segments.stream().mapToLong(Segment::count).sum();
        }
    }

    /**
     * Vertical stacked columns (e.g. reports per day by classification) with a legend of the segment
     * names above the plot.
     */
    static String stacked(String title, List<Stack> columns) {
        int height = 230;
        int base = height - 30;
        int top = 40;
        long max = Math.max(1, columns.stream().mapToLong(Stack::total).max().orElse(1));
        int n = Math.max(1, columns.size());
        double w = (WIDTH - 40.0) / n;
        StringBuilder words = new StringBuilder(title).append(": ");
        StringBuilder svg = new StringBuilder(String.format(
                Locale.ROOT, "<line class=\"axis\" x1=\"30\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", base, WIDTH - 5, base));
        if (!columns.isEmpty()) {
            int x = 32;
            for (Segment kind : columns.get(0).segments()) {
                svg.append(String.format(
                        Locale.ROOT,
                        "<rect class=\"%s\" x=\"%d\" y=\"8\" width=\"12\" height=\"12\"/><text x=\"%d\" y=\"19\">%s</text>",
                        escape(kind.cssClass()),
                        x,
                        x + 16,
                        escape(kind.name())));
                x += 28 + 7 * kind.name().length();
            }
        }
        for (int i = 0; i < columns.size(); i++) {
            Stack c = columns.get(i);
            double x = 32 + i * w;
            double y = base;
            List<String> parts = new java.util.ArrayList<>();
            for (Segment part : c.segments()) {
                if (part.count() == 0) {
                    continue;
                }
                double h = (base - top) * (double) part.count() / max;
                y -= h;
                svg.append(String.format(
                        Locale.ROOT,
                        "<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>",
                        escape(part.cssClass()),
                        x,
                        y,
                        Math.max(1, w - 4),
                        h));
                parts.add(part.name() + " " + part.count());
            }
            if (c.total() > 0) {
                svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\">%d</text>", x, y - 4, c.total()));
            }
            if (columns.size() <= 14 || i % Math.max(1, columns.size() / 7) == 0) {
                svg.append(String.format(
                        Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s</text>", x, height - 10, escape(c.label())));
            }
            words.append(i == 0 ? "" : "; ")
                    .append(c.label())
                    .append(' ')
                    .append(parts.isEmpty() ? "0" : String.join(", ", parts));
        }
        if (columns.isEmpty()) {
            svg.append("<text x=\"40\" y=\"90\">no days in this window</text>");
            words.append("none");
        }
        return wrap(words.toString(), height, svg.toString());
    }

    private static String wrap(String words, int height, String body) {
        String w = escape(words);
        return "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 " + WIDTH + " "
                + height + "\" width=\"" + WIDTH + "\" height=\"" + height + "\" aria-label=\"" + w + "\"><title>" + w
                + "</title>" + body + "</svg>";
    }

    static String escape(String s) {
        return s == null ? "" : HtmlUtils.htmlEscape(s);
    }
}
