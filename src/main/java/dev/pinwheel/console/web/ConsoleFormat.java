package dev.pinwheel.console.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.springframework.stereotype.Component;

/** How the console's templates write times and durations ({@code ${@consoleFormat.when(t)}}). */
@Component("consoleFormat")
class ConsoleFormat {

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final Clock clock;

    ConsoleFormat(Clock clock) {
        this.clock = clock;
    }

    /** {@code 2026-03-01 10:00:00 UTC}; a dash when null. */
    public String when(Instant t) {
        return t == null ? "—" : WHEN.format(t);
    }

    /** The ISO-8601 form for a {@code <time datetime>} attribute; empty when null. */
    public String iso(Instant t) {
        return t == null ? "" : t.toString();
    }

    /** {@code in 1 min 30 s} or {@code 3 h 2 min ago}, relative to now; a dash when null. */
    public String relative(Instant t) {
        if (t == null) {
            return "—";
        }
        Duration d = Duration.between(clock.instant(), t);
        return d.isNegative() ? duration(d.negated()) + " ago" : "in " + duration(d);
    }

    /** Whether {@code t} is in the past (or null). */
    public boolean past(Instant t) {
        return t == null || !t.isAfter(clock.instant());
    }

    /** Whether {@code t} is within {@code days} days from now (or past). */
    public boolean within(Instant t, long days) {
        return t != null && t.isBefore(clock.instant().plus(Duration.ofDays(days)));
    }

    /** {@code 2 d 3 h}, {@code 5 min 10 s}, {@code 0 s}; {@code the default} when null (an unset override). */
    public String duration(Duration d) {
        if (d == null) {
            return "the default";
        }
        long s = d.toSeconds();
        if (s >= 86_400) {
            return s / 86_400 + " d " + (s % 86_400) / 3600 + " h";
        }
        if (s >= 3600) {
            return s / 3600 + " h " + (s % 3600) / 60 + " min";
        }
        if (s >= 60) {
            return s / 60 + " min " + s % 60 + " s";
        }
        return s + " s";
    }

    /** An enum constant in words: {@code POSSIBLE_INTERCEPTION} → {@code possible interception}. */
    static String words(Enum<?> e) {
        return e.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }

    /** An enum constant as a CSS or wire slug: {@code POSSIBLE_INTERCEPTION} → {@code possible-interception}. */
    static String slug(Enum<?> e) {
        return e.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** {@link #words} for the templates. */
    public String kind(Enum<?> e) {
        return words(e);
    }

    /** A percentage with one decimal. */
    public String percent(double p) {
        return String.format(java.util.Locale.ROOT, "%.1f %%", p);
    }
}
