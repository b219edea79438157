package dev.pinwheel.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The console's inline SVG charts: figures in words for screen readers, and escaped labels. */
class ChartsTests {

    @Test
    void stackedColumnsStateEveryNonZeroPartInWordsAndDrawOneRectanglePerPart() {
        String svg = Charts.stacked(
                "Reports per day",
                List.of(
                        new Charts.Stack(
                                "11-28",
                                List.of(
                                        new Charts.Segment("possible interception", "seg-possible-interception", 2),
                                        new Charts.Segment("stale client", "seg-stale-client", 0))),
                        new Charts.Stack(
                                "11-29",
                                List.of(
                                        new Charts.Segment("possible interception", "seg-possible-interception", 1),
                                        new Charts.Segment("stale client", "seg-stale-client", 3)))));

        assertThat(svg)
                .startsWith("<svg")
                .contains("role=\"img\"")
                .contains("aria-label=\"Reports per day: 11-28 possible interception 2; "
                        + "11-29 possible interception 1, stale client 3\"");
        // a legend square per kind, then one rectangle per non-zero part
        assertThat(Pattern.compile("class=\"seg-possible-interception\"")
                        .matcher(svg)
                        .results()
                        .count())
                .isEqualTo(3);
        assertThat(Pattern.compile("class=\"seg-stale-client\"")
                        .matcher(svg)
                        .results()
                        .count())
                .isEqualTo(2);
        assertThat(svg).contains(">4</text>").contains(">2</text>");
    }

    @Test
    void labelsAreEscaped() {
        String svg = Charts.stacked(
                "<b>", List.of(new Charts.Stack("<i>", List.of(new Charts.Segment("a&b", "seg-unknown", 1)))));
        assertThat(svg)
                .doesNotContain("<b>")
                .doesNotContain("<i>")
                .contains("&lt;i&gt;")
                .contains("a&amp;b");
    }
}
